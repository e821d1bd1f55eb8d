// Resolves a space name to its ID and a queue name (within a space) to its
// ID, exactly as the official SDKs do: the upstream's substring filter, every
// page walked, then an exact (case-sensitive) match on the client side. None
// is NOT_FOUND (SPACE_NOT_FOUND / QUEUE_NOT_FOUND); several is
// FAILED_PRECONDITION (AMBIGUOUS_NAME) naming the candidates' IDs. IDs pass
// through untouched, at no cost.
//
// Results are cached for a TTL, per credentials (keyed by a hash of the API
// key, never the key), so a caller never reuses a resolution made with
// another caller's key. Concurrent cold lookups of the same name share one
// upstream walk (single flight). EvictQueue() drops every cached name of a
// queue the gateway deleted or renamed. An upstream error of a lookup names
// the request's fields ("queue.space", "queue.name", "space.name") and says
// name_lookup=<field> in its ErrorInfo metadata.
//
// A queue renamed or deleted elsewhere (the web UI, another gateway) keeps
// its cached name until the TTL ends. A caller that must not act on the
// wrong queue asks for CachedName::kVerify: a cache hit is then checked with
// one GET (same name, same space) and looked up again when it no longer
// holds.
#ifndef AQGATE_SERVICE_CORE_NAME_RESOLVER_H_
#define AQGATE_SERVICE_CORE_NAME_RESOLVER_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "aqgate/v1/annotation_queue.pb.h"
#include "service/upstream/arize_api.h"
#include "service/upstream/call_context.h"

namespace aqgate::core {

class NameResolver {
 public:
  using Clock = std::function<absl::Time()>;
  // Gets the ID (or the error) and how many upstream requests this caller's
  // resolution cost (0 on a cache hit or when it joined another's lookup).
  // Runs on the caller's thread (cache hit) or an upstream I/O thread.
  using Done = absl::AnyInvocable<void(absl::StatusOr<std::string> id, int upstream_calls) &&>;

  // `ttl` zero disables caching; `clock` null means absl::Now.
  NameResolver(upstream::ArizeApi* api, absl::Duration ttl, Clock clock);

  void ResolveSpace(const upstream::CallContext& ctx, const aqgate::v1::SpaceRef& ref,
                    Done done);
  enum class CachedName { kTrust, kVerify };
  void ResolveQueue(const upstream::CallContext& ctx, const aqgate::v1::QueueRef& ref,
                    CachedName cached, Done done);

  // Forgets every cached queue name that resolved to `queue_id`, and keeps
  // lookups already in flight from caching their result.
  void EvictQueue(absl::string_view queue_id);

 private:
  enum class Kind : char { kSpace = 's', kQueue = 'q' };
  // (kind, credentials hash, scope: the space ID for queues, name).
  using Key = std::tuple<Kind, size_t, std::string, std::string>;
  struct Entry {
    std::string id;
    absl::Time expires;
  };
  struct Flight {
    std::vector<Done> waiters;  // the first one started the lookup
  };
  // Walks the upstream for `key` and calls back with (result, calls).
  using Lookup = absl::AnyInvocable<void(upstream::CallContext ctx,
                                         Done finish) &&>;
  // Checks a cached ID before it is used and calls back with the ID to use.
  using Verify = absl::AnyInvocable<void(std::string cached_id, Done done) &&>;

  // `verify` (may be null) runs instead of answering from the cache.
  void Resolve(const upstream::CallContext& ctx, Key key, Lookup lookup, Done done,
               Verify verify);
  // ResolveSpace for the request's reference at `ref_path` ("space" or
  // "queue.space"), which names the fields of an upstream lookup error.
  void ResolveSpaceAt(const upstream::CallContext& ctx, const aqgate::v1::SpaceRef& ref,
                      std::string ref_path, Done done);
  // Verify for queues: GETs the cached queue; if it is gone or no longer has
  // this name in this space, evicts it and runs `lookup` again.
  void VerifyCachedQueue(const upstream::CallContext& ctx, Key key, Lookup lookup,
                         std::string cached_id, Done done);
  void Complete(const Key& key, uint64_t generation, absl::StatusOr<std::string> result,
                int calls);
  absl::Time Now() const { return clock_ ? clock_() : absl::Now(); }

  upstream::ArizeApi* const api_;
  const absl::Duration ttl_;
  const Clock clock_;

  absl::Mutex mu_;
  absl::flat_hash_map<Key, Entry> cache_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<Key, Flight> flights_ ABSL_GUARDED_BY(mu_);
  // Bumped by every eviction; a lookup started before one does not cache.
  uint64_t generation_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace aqgate::core

#endif  // AQGATE_SERVICE_CORE_NAME_RESOLVER_H_
