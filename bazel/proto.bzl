"""C++ code generation from .proto files with the system protoc and
grpc_cpp_plugin (Debian's protobuf-compiler and protobuf-compiler-grpc), so
the Bazel build needs no downloaded protobuf or gRPC rules."""

def _package_root():
    """The current package's folder relative to the execution root, in the
    main workspace ("proto") as in an external one ("external/aqgate/proto")."""
    repo = native.repository_name()
    pkg = native.package_name()
    if repo == "@":
        return pkg
    return "external/" + repo[1:] + ("/" + pkg if pkg else "")

def cc_protoc_sources(name, protos, grpc_protos = [], proto_paths = [], deps_srcs = []):
    """Generates <stem>.pb.{h,cc} (and .grpc.pb.{h,cc} for grpc_protos).

    Args:
      name: the genrule's name.
      protos: .proto paths relative to this package (their import paths).
      grpc_protos: the subset of protos that declare services.
      proto_paths: extra --proto_path folders (execution-root relative).
      deps_srcs: labels of imported .proto files outside this package.
    """
    proto_root = _package_root()
    outs = []
    for p in protos:
        stem = p[:-len(".proto")]
        outs += [stem + ".pb.h", stem + ".pb.cc"]
        if p in grpc_protos:
            outs += [stem + ".grpc.pb.h", stem + ".grpc.pb.cc"]
    include_flags = " ".join(["--proto_path=" + proto_root] + ["--proto_path=" + d for d in proto_paths])
    out_dir = "$(GENDIR)/" + proto_root
    cmd = "protoc {inc} --cpp_out={out} {files}".format(
        inc = include_flags,
        out = out_dir,
        files = " ".join([proto_root + "/" + p for p in protos]),
    )
    if grpc_protos:
        cmd += " && protoc {inc} --grpc_out={out} --plugin=protoc-gen-grpc=$$(command -v grpc_cpp_plugin) {files}".format(
            inc = include_flags,
            out = out_dir,
            files = " ".join([proto_root + "/" + p for p in grpc_protos]),
        )
    native.genrule(
        name = name,
        srcs = protos + deps_srcs,
        outs = outs,
        cmd = cmd,
        message = "protoc " + name,
    )
    return outs
