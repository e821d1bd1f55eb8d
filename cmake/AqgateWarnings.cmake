# aqgate_target_warnings(target): the warning set for the project's own code.
# Generated code gets no extra warnings (it is not ours to fix).
function(aqgate_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
  if(AQGATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
option(AQGATE_WERROR "Treat warnings in aqgate's own code as errors" OFF)
