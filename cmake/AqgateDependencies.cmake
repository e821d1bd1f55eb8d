# Every third-party dependency of aqgate, found once here. All come from
# Debian 12 packages installed by scripts/install-deps.
find_package(Threads REQUIRED)
find_package(Protobuf REQUIRED)
find_package(gRPC CONFIG REQUIRED)
find_package(absl CONFIG REQUIRED)

find_program(AQGATE_PROTOC protoc REQUIRED)
find_program(AQGATE_GRPC_CPP_PLUGIN grpc_cpp_plugin REQUIRED)

# google/rpc/{status,error_details}.proto are not packaged by Debian; the
# pinned npm package google-proto-files ships them (scripts/install-deps).
set(AQGATE_GOOGLEAPIS_PROTO_DIR "${PROJECT_SOURCE_DIR}/node_modules/google-proto-files"
    CACHE PATH "Folder holding google/rpc/*.proto")
if(NOT EXISTS "${AQGATE_GOOGLEAPIS_PROTO_DIR}/google/rpc/status.proto")
  message(FATAL_ERROR "google/rpc/status.proto not found under ${AQGATE_GOOGLEAPIS_PROTO_DIR}: run scripts/install-deps")
endif()
