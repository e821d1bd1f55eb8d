"""C++ code generation from .proto files with the system protoc and
grpc_cpp_plugin (Debian's protobuf-compiler and protobuf-compiler-grpc), so
the Bazel build needs no downloaded protobuf or gRPC rules."""

def cc_protoc_sources(name, protos, proto_root, grpc_protos = [], proto_paths = [], deps_srcs = []):
    """Generates <stem>.pb.{h,cc} (and .grpc.pb.{h,cc} for grpc_protos).

    Args:
      name: the genrule's name.
      protos: .proto paths relative to proto_root (the import paths).
      proto_root: the folder of the package holding the protos, relative to the
        execution root ("proto", or "external/<repo>").
      grpc_protos: the subset of protos that declare services.
      proto_paths: extra --proto_path folders (execution-root relative).
      deps_srcs: labels of imported .proto files outside this package.
    """
    outs = []
    for p in protos:
        stem = p[:-len(".proto")]
        outs += [stem + ".pb.h", stem + ".pb.cc"]
        if p in grpc_protos:
            outs += [stem + ".grpc.pb.h", stem + ".grpc.pb.cc"]
    include_flags = " ".join(["--proto_path=" + proto_root] + ["--proto_path=" + d for d in proto_paths])
    out_dir = "$(GENDIR)/" + proto_root if not proto_root.startswith("external/") else "$(GENDIR)/" + proto_root
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
