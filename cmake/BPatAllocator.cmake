# bpat_link_allocator(target): links `target` with jemalloc configured for
# transparent huge pages (tools/shared/Allocator.cpp says why), or with the C
# library's malloc when jemalloc is not found, is turned off
# (-DBPAT_JEMALLOC=OFF) or would clash with a sanitizer's own malloc.
# Debian's libjemalloc-dev ships the archive a fully static tool needs.

option(BPAT_JEMALLOC "Link bpatc with jemalloc (transparent huge pages)" ON)
find_path(BPAT_JEMALLOC_INCLUDE_DIR jemalloc/jemalloc.h)
find_library(BPAT_JEMALLOC_ARCHIVE NAMES libjemalloc.a)
find_library(BPAT_JEMALLOC_SHARED NAMES jemalloc)

function(bpat_link_allocator target)
  target_sources(${target} PRIVATE
    ${PROJECT_SOURCE_DIR}/tools/shared/Allocator.cpp)
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tools/shared)
  if(NOT BPAT_JEMALLOC OR NOT BPAT_JEMALLOC_INCLUDE_DIR OR
     CMAKE_CXX_FLAGS MATCHES "sanitize")
    return()
  endif()
  if(BPAT_TOOL_LINK_OPTIONS MATCHES "-static;" AND BPAT_JEMALLOC_ARCHIVE)
    target_compile_definitions(${target} PRIVATE BPAT_JEMALLOC
                               BPAT_JEMALLOC_STATIC)
    target_link_libraries(${target} PRIVATE ${BPAT_JEMALLOC_ARCHIVE})
  elseif(BPAT_JEMALLOC_SHARED)
    target_compile_definitions(${target} PRIVATE BPAT_JEMALLOC)
    target_link_libraries(${target} PRIVATE ${BPAT_JEMALLOC_SHARED})
  else()
    return()
  endif()
  target_include_directories(${target} PRIVATE ${BPAT_JEMALLOC_INCLUDE_DIR})
  message(STATUS "${target} linked with jemalloc")
endfunction()
