"""Repositories aqgate's Bazel targets need, for aqgate itself and for a
workspace that depends on it:

    local_repository(name = "aqgate", path = "third_party/aqgate")
    load("@aqgate//bazel:deps.bzl", "aqgate_dependencies")
    aqgate_dependencies(aqgate_path = "third_party/aqgate")

Everything is local: Debian's libraries through pkg-config, the google/rpc
protos from aqgate's node_modules (scripts/install-deps), and stand-ins for
the rules repositories Bazel 4.2 asks for (declared only when missing).
"""

load("@aqgate//bazel:system_libs.bzl", "system_library")

def _maybe(rule, name, **kwargs):
    if name not in native.existing_rules():
        rule(name = name, **kwargs)

def aqgate_dependencies(aqgate_path = "."):
    """Declares aqgate's repositories.

    Args:
      aqgate_path: aqgate's folder, relative to the calling workspace.
    """
    prefix = "" if aqgate_path == "." else aqgate_path + "/"
    _maybe(native.local_repository, "rules_cc", path = prefix + "bazel/rules_cc")
    _maybe(native.local_repository, "rules_java", path = prefix + "bazel/rules_java")
    _maybe(native.local_repository, "remote_coverage_tools", path = prefix + "bazel/remote_coverage_tools")

    _maybe(system_library, "system_grpc", modules = ["grpc++", "protobuf"])
    _maybe(system_library, "system_grpc_reflection", extra_linkopts = ["-lgrpc++_reflection"])
    _maybe(system_library, "system_absl", modules = [
        "absl_flags",
        "absl_flags_parse",
        "absl_flags_usage",
        "absl_status",
        "absl_statusor",
        "absl_strings",
        "absl_str_format",
        "absl_synchronization",
        "absl_time",
        "absl_random_random",
    ])
    _maybe(system_library, "system_curl", modules = ["libcurl"])
    _maybe(system_library, "system_simdjson", modules = ["simdjson"])
    _maybe(system_library, "system_sqlite", modules = ["sqlite3"])
    _maybe(system_library, "system_httplib", modules = ["cpp-httplib"])
    _maybe(system_library, "system_gtest", modules = ["gtest", "gmock"])
    _maybe(system_library, "system_gtest_main", modules = ["gtest_main", "gmock"])

    _maybe(
        native.new_local_repository,
        "googleapis_rpc",
        path = prefix + "node_modules/google-proto-files",
        build_file = "@aqgate//bazel:googleapis_rpc.BUILD",
    )
