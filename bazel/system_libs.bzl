"""System libraries for Bazel, from Debian's packages through pkg-config.

aqgate builds offline against the same system libraries as its CMake build:
`system_library(name, modules)` runs `pkg-config --cflags --libs` on the
given modules when the repository is fetched and exposes a cc_library
`@<name>//:lib` carrying those flags. Headers live in /usr/include, which the
default toolchain already searches.
"""

def _pkg_config(repository_ctx, flag, modules):
    result = repository_ctx.execute(["pkg-config", flag] + modules)
    if result.return_code != 0:
        fail("pkg-config %s %s failed (run scripts/install-deps): %s" % (flag, " ".join(modules), result.stderr))
    return [f for f in result.stdout.replace("\n", " ").split(" ") if f]

def _system_library_impl(repository_ctx):
    modules = repository_ctx.attr.modules
    cflags = _pkg_config(repository_ctx, "--cflags", modules) if modules else []
    libs = (_pkg_config(repository_ctx, "--libs", modules) if modules else []) + repository_ctx.attr.extra_linkopts
    defines = [f[2:] for f in cflags if f.startswith("-D")]
    copts = [f for f in cflags if not f.startswith("-D")]
    repository_ctx.file("WORKSPACE", 'workspace(name = "%s")\n' % repository_ctx.name)
    repository_ctx.file("BUILD.bazel", """package(default_visibility = ["//visibility:public"])

cc_library(
    name = "lib",
    defines = {defines},
    copts = {copts},
    linkopts = {linkopts},
)
""".format(defines = repr(defines), copts = repr(copts), linkopts = repr(libs)))

system_library = repository_rule(
    implementation = _system_library_impl,
    attrs = {
        "modules": attr.string_list(doc = "pkg-config module names"),
        "extra_linkopts": attr.string_list(doc = "libraries without a .pc file, e.g. -lgrpc++_reflection"),
    },
    local = True,
    doc = "A cc_library @name//:lib with the flags pkg-config gives for `modules`.",
)
