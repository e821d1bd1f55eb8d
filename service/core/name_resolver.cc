#include "service/core/name_resolver.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/core/status_conversion.h"
#include "service/core/upstream_field_names.h"

namespace aqgate::core {
namespace {

constexpr int kLookupPageSize = 100;
// A bound on one lookup's pages, against an upstream whose cursors loop.
constexpr int kMaxLookupPages = 1000;

// One lookup's walk over the upstream pages.
struct Walk {
  upstream::ArizeApi* api = nullptr;
  upstream::CallContext ctx;
  std::string name;
  std::string space_id;    // queue lookups only
  std::string space_name;  // queue lookups whose space was given by name
  std::vector<std::string> matches;
  int calls = 0;
  NameResolver::Done finish;

  void AddMatch(const std::string& id) {
    if (std::find(matches.begin(), matches.end(), id) == matches.end()) matches.push_back(id);
  }
};

// An error when the walk should stop because the upstream's cursors do not
// make progress.
bool Runaway(const Walk& walk, const std::string& cursor, const std::string& next) {
  return next == cursor || walk.calls >= kMaxLookupPages;
}

absl::Status RunawayError() {
  return GatewayError(absl::StatusCode::kInternal, "UPSTREAM_PAGINATION",
                      "the upstream's pages did not end while resolving a name");
}

void Finish(const std::shared_ptr<Walk>& walk, bool is_space) {
  const char* kind = is_space ? "space" : "queue";
  absl::StatusOr<std::string> result;
  if (walk->matches.size() == 1) {
    result = walk->matches[0];
  } else if (walk->matches.empty()) {
    std::map<std::string, std::string> metadata = {{absl::StrCat(kind, "_name"), walk->name}};
    if (!is_space) metadata["space_id"] = walk->space_id;
    if (!walk->space_name.empty()) metadata["space_name"] = walk->space_name;
    const std::string space =
        walk->space_name.empty()
            ? walk->space_id
            : absl::StrCat("\"", walk->space_name, "\" (", walk->space_id, ")");
    result = GatewayError(absl::StatusCode::kNotFound,
                          is_space ? "SPACE_NOT_FOUND" : "QUEUE_NOT_FOUND",
                          is_space ? absl::StrCat("no space is named \"", walk->name, "\"")
                                   : absl::StrCat("no queue is named \"", walk->name,
                                                  "\" in space ", space),
                          metadata);
  } else {
    const std::string candidates = absl::StrJoin(walk->matches, ",");
    result = GatewayError(absl::StatusCode::kFailedPrecondition, "AMBIGUOUS_NAME",
                          absl::StrCat(walk->matches.size(), " ", kind, "s are named \"",
                                       walk->name, "\"; address one by ID: ",
                                       absl::StrJoin(walk->matches, ", ")),
                          {{absl::StrCat(kind, "_name"), walk->name}, {"candidates", candidates}});
  }
  std::move(walk->finish)(std::move(result), walk->calls);
}

// Follows the upstream's pages from `cursor` to the end: `fetch(walk,
// cursor, done)` requests one page, `collect(walk, page)` records its
// entries named walk.name.
template <typename Page, typename Fetch, typename Collect>
void WalkPages(std::shared_ptr<Walk> walk, std::string cursor, Fetch fetch, Collect collect,
               bool is_space) {
  ++walk->calls;
  // `walk` (this frame's reference) outlives the call, even when the page
  // arrives synchronously and ends the walk.
  fetch(*walk, cursor,
        [walk, cursor, fetch, collect, is_space](absl::StatusOr<Page> page) mutable {
          if (!page.ok()) return std::move(walk->finish)(page.status(), walk->calls);
          collect(*walk, *page);
          if (page->next_cursor.empty()) return Finish(walk, is_space);
          if (Runaway(*walk, cursor, page->next_cursor)) {
            return std::move(walk->finish)(RunawayError(), walk->calls);
          }
          std::string next = std::move(page->next_cursor);
          WalkPages<Page>(std::move(walk), std::move(next), std::move(fetch), std::move(collect),
                          is_space);
        });
}

void WalkSpaces(std::shared_ptr<Walk> walk) {
  auto fetch = [](const Walk& walk, std::string cursor,
                  upstream::Callback<upstream::SpacePage> done) {
    upstream::ListSpacesParams params;
    params.name = walk.name;
    params.limit = kLookupPageSize;
    params.cursor = std::move(cursor);
    walk.api->ListSpaces(walk.ctx, std::move(params), std::move(done));
  };
  auto collect = [](Walk& walk, const upstream::SpacePage& page) {
    for (const upstream::Space& space : page.spaces) {
      if (space.name == walk.name) walk.AddMatch(space.id);
    }
  };
  WalkPages<upstream::SpacePage>(std::move(walk), "", fetch, collect, /*is_space=*/true);
}

void WalkQueues(std::shared_ptr<Walk> walk) {
  auto fetch = [](const Walk& walk, std::string cursor,
                  upstream::Callback<upstream::QueuePage> done) {
    upstream::ListQueuesParams params;
    params.space_id = walk.space_id;
    params.name = walk.name;
    params.limit = kLookupPageSize;
    params.cursor = std::move(cursor);
    walk.api->ListQueues(walk.ctx, std::move(params), std::move(done));
  };
  auto collect = [](Walk& walk, const upstream::QueuePage& page) {
    for (const aqgate::v1::AnnotationQueue& queue : page.queues) {
      // The space filter is exact upstream; check it anyway.
      if (queue.name() == walk.name &&
          (queue.space_id().empty() || queue.space_id() == walk.space_id)) {
        walk.AddMatch(queue.id());
      }
    }
  };
  WalkPages<upstream::QueuePage>(std::move(walk), "", fetch, collect, /*is_space=*/false);
}

// `done`, with an upstream error of the lookup named for the request's
// reference at `ref_path` (see AsLookupError).
NameResolver::Done NamingLookupErrors(std::string ref_path, NameResolver::Done done) {
  return [ref_path = std::move(ref_path), done = std::move(done)](
             absl::StatusOr<std::string> id, int calls) mutable {
    if (!id.ok()) id = AsLookupError(id.status(), ref_path);
    std::move(done)(std::move(id), calls);
  };
}

}  // namespace

NameResolver::NameResolver(upstream::ArizeApi* api, absl::Duration ttl, Clock clock)
    : api_(api), ttl_(ttl), clock_(std::move(clock)) {}

void NameResolver::ResolveSpace(const upstream::CallContext& ctx,
                                const aqgate::v1::SpaceRef& ref, Done done) {
  ResolveSpaceAt(ctx, ref, "space", std::move(done));
}

void NameResolver::ResolveSpaceAt(const upstream::CallContext& ctx,
                                  const aqgate::v1::SpaceRef& ref, std::string ref_path,
                                  Done done) {
  if (ref.space_case() == aqgate::v1::SpaceRef::kId) return std::move(done)(ref.id(), 0);
  const std::string name = ref.name();
  Key key(Kind::kSpace, absl::Hash<std::string>()(ctx.api_key), "", name);
  Resolve(ctx, std::move(key),
          [api = api_, name](upstream::CallContext flight_ctx, Done finish) mutable {
            auto walk = std::make_shared<Walk>();
            walk->api = api;
            walk->ctx = std::move(flight_ctx);
            walk->name = name;
            walk->finish = std::move(finish);
            WalkSpaces(std::move(walk));
          },
          NamingLookupErrors(std::move(ref_path), std::move(done)), nullptr);
}

void NameResolver::ResolveQueue(const upstream::CallContext& ctx,
                                const aqgate::v1::QueueRef& ref, CachedName cached,
                                Done done) {
  if (ref.queue_case() == aqgate::v1::QueueRef::kId) return std::move(done)(ref.id(), 0);
  const std::string name = ref.name();
  const std::string space_name = ref.space().name();  // empty when given by ID
  done = NamingLookupErrors("queue", std::move(done));
  ResolveSpaceAt(
      ctx, ref.space(), "queue.space",
      [this, ctx, name, space_name, cached, done = std::move(done)](
          absl::StatusOr<std::string> space_id, int space_calls) mutable {
        if (!space_id.ok()) return std::move(done)(space_id.status(), space_calls);
        Key key(Kind::kQueue, absl::Hash<std::string>()(ctx.api_key), *space_id, name);
        auto walk_queues = [api = api_, name, space_name, space_id = *space_id](
                               upstream::CallContext flight_ctx, Done finish) {
          auto walk = std::make_shared<Walk>();
          walk->api = api;
          walk->ctx = std::move(flight_ctx);
          walk->name = name;
          walk->space_id = space_id;
          // A flight serves every caller of this space ID; the name is the
          // first caller's, and names that same space.
          walk->space_name = space_name;
          walk->finish = std::move(finish);
          WalkQueues(std::move(walk));
        };
        Verify verify;
        if (cached == CachedName::kVerify) {
          verify = [this, ctx, key, walk_queues](std::string cached_id, Done done) mutable {
            VerifyCachedQueue(ctx, std::move(key), std::move(walk_queues), std::move(cached_id),
                              std::move(done));
          };
        }
        Resolve(ctx, std::move(key), std::move(walk_queues),
                [space_calls, done = std::move(done)](absl::StatusOr<std::string> id,
                                                      int calls) mutable {
                  std::move(done)(std::move(id), space_calls + calls);
                },
                std::move(verify));
      });
}

void NameResolver::VerifyCachedQueue(const upstream::CallContext& ctx, Key key, Lookup lookup,
                                     std::string cached_id, Done done) {
  api_->GetQueue(
      ctx, cached_id,
      [this, ctx, key = std::move(key), lookup = std::move(lookup), cached_id,
       done = std::move(done)](absl::StatusOr<aqgate::v1::AnnotationQueue> queue) mutable {
        const std::string& space_id = std::get<2>(key);
        const std::string& name = std::get<3>(key);
        if (queue.ok() && queue->name() == name &&
            (queue->space_id().empty() || queue->space_id() == space_id)) {
          return std::move(done)(std::move(cached_id), 1);
        }
        if (!queue.ok() && !absl::IsNotFound(queue.status())) {
          return std::move(done)(queue.status(), 1);
        }
        // Renamed or deleted elsewhere since it was cached.
        EvictQueue(cached_id);
        Resolve(ctx, std::move(key), std::move(lookup),
                [done = std::move(done)](absl::StatusOr<std::string> id, int calls) mutable {
                  std::move(done)(std::move(id), calls + 1);
                },
                nullptr);
      });
}

void NameResolver::Resolve(const upstream::CallContext& ctx, Key key, Lookup lookup,
                           Done done, Verify verify) {
  std::optional<std::string> hit;
  bool start_lookup = false;
  uint64_t generation = 0;
  {
    absl::MutexLock lock(&mu_);
    auto cached = cache_.find(key);
    if (cached != cache_.end() && cached->second.expires > Now()) {
      hit = cached->second.id;
    } else {
      if (cached != cache_.end()) cache_.erase(cached);
      auto [flight, inserted] = flights_.try_emplace(key);
      flight->second.waiters.push_back(std::move(done));
      start_lookup = inserted;
      generation = generation_;
    }
  }
  if (hit.has_value()) {
    if (verify) return std::move(verify)(*std::move(hit), std::move(done));
    return std::move(done)(*std::move(hit), 0);
  }
  if (!start_lookup) return;
  // The shared walk must not die with the first caller's cancellation: it
  // runs under that caller's key, request ID and deadline only.
  upstream::CallContext flight_ctx;
  flight_ctx.api_key = ctx.api_key;
  flight_ctx.deadline = ctx.deadline;
  flight_ctx.request_id = ctx.request_id;
  std::move(lookup)(std::move(flight_ctx),
                    [this, key, generation](absl::StatusOr<std::string> result, int calls) {
                      Complete(key, generation, std::move(result), calls);
                    });
}

void NameResolver::Complete(const Key& key, uint64_t generation,
                            absl::StatusOr<std::string> result, int calls) {
  std::vector<Done> waiters;
  {
    absl::MutexLock lock(&mu_);
    if (result.ok() && ttl_ > absl::ZeroDuration() && generation == generation_) {
      cache_[key] = Entry{*result, Now() + ttl_};
    }
    auto flight = flights_.find(key);
    if (flight != flights_.end()) {
      waiters = std::move(flight->second.waiters);
      flights_.erase(flight);
    }
  }
  for (size_t i = 0; i < waiters.size(); ++i) {
    std::move(waiters[i])(result, i == 0 ? calls : 0);
  }
}

void NameResolver::EvictQueue(absl::string_view queue_id) {
  absl::MutexLock lock(&mu_);
  ++generation_;
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (std::get<0>(it->first) == Kind::kQueue && it->second.id == queue_id) {
      cache_.erase(it++);
    } else {
      ++it;
    }
  }
}

}  // namespace aqgate::core
