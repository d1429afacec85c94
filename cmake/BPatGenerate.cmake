# BPatGenerate.cmake - run bpatc on .bpat files at build time.
#
# The CMake counterpart of LLVM's tablegen(): a project adds .bpat files to its
# build the way LLVM projects add .td files. See docs/cmake.md.
#
#   bpat_generate(<output>
#                 SOURCE <file.bpat>
#                 EMIT <kind>
#                 [BACKEND <name>]
#                 [TORCH_API <1.13|2>]
#                 [INCLUDE_DIRS <dir>...]
#                 [LIBRARY_DIR <dir>]
#                 [EXTRA_ARGS <arg>...]
#                 [EXTRA_OUTPUTS <file>...]
#                 [DEPENDS <file-or-target>...])
#
#     Adds a custom command that runs
#       bpatc <SOURCE> --emit=<kind> -o <output> -d <output>.d --write-if-changed ...
#     A relative <output> is taken relative to CMAKE_CURRENT_BINARY_DIR, a
#     relative SOURCE / INCLUDE_DIRS / LIBRARY_DIR relative to
#     CMAKE_CURRENT_SOURCE_DIR. Every .bpat file bpatc reads (imports, the
#     shipped library) comes back through the depfile, so editing an import
#     regenerates the output; --write-if-changed keeps the output's timestamp
#     when its contents do not change, so nothing downstream rebuilds.
#     The absolute output path is appended to BPAT_OUTPUTS in the caller's
#     scope (like TABLEGEN_OUTPUT).
#
#   add_bpat_target(<target> [<output>...])
#
#     A custom target that brings the given outputs (default: everything in
#     BPAT_OUTPUTS, which is then cleared) up to date, for targets in other
#     directories to depend on with add_dependencies().
#
# bpatc is the executable target bpat::bpatc: an imported target after
# find_package(bpat), an alias of the bpatc target inside the bpat build
# (where, in directories added before the alias exists, the bpatc target
# itself is used).

include_guard(GLOBAL)

if(CMAKE_VERSION VERSION_LESS 3.20)
  message(FATAL_ERROR "bpat_generate() needs CMake 3.20 or newer (DEPFILE support); this is ${CMAKE_VERSION}")
endif()

# Functions keep the policies in force where they are defined: with CMP0116
# NEW, Ninja rewrites the depfile's paths (absolute, or relative to the
# directory of the custom command) into its own, whatever policy version the
# calling project asks for.
cmake_policy(SET CMP0116 NEW)

function(bpat_generate output)
  cmake_parse_arguments(PARSE_ARGV 1 ARG
    ""
    "SOURCE;EMIT;BACKEND;TORCH_API;LIBRARY_DIR"
    "INCLUDE_DIRS;EXTRA_ARGS;EXTRA_OUTPUTS;DEPENDS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "bpat_generate(${output}): unexpected arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  foreach(required SOURCE EMIT)
    if(NOT ARG_${required})
      message(FATAL_ERROR "bpat_generate(${output}): ${required} is required")
    endif()
  endforeach()
  if(TARGET bpat::bpatc)
    set(bpatc bpat::bpatc)
  elseif(TARGET bpatc AND PROJECT_NAME STREQUAL "bpat")
    # Inside the bpat build, before the bpat::bpatc alias is made.
    set(bpatc bpatc)
  else()
    message(FATAL_ERROR "bpat_generate(${output}): no target bpat::bpatc; call find_package(bpat) first")
  endif()

  get_filename_component(src "${ARG_SOURCE}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
  get_filename_component(out "${output}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  get_filename_component(out_dir "${out}" DIRECTORY)
  file(MAKE_DIRECTORY "${out_dir}")
  set(depfile "${out}.d")

  set(args "${src}" "--emit=${ARG_EMIT}" -o "${out}" -d "${depfile}" --write-if-changed)
  if(ARG_BACKEND)
    list(APPEND args "--backend=${ARG_BACKEND}")
  endif()
  if(ARG_TORCH_API)
    list(APPEND args "--torch-api=${ARG_TORCH_API}")
  endif()
  foreach(dir IN LISTS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "-I=${dir}")
  endforeach()
  if(ARG_LIBRARY_DIR)
    get_filename_component(libdir "${ARG_LIBRARY_DIR}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")
    list(APPEND args "--library-dir=${libdir}")
  endif()
  list(APPEND args ${ARG_EXTRA_ARGS})

  set(extra_outputs)
  foreach(extra IN LISTS ARG_EXTRA_OUTPUTS)
    get_filename_component(extra "${extra}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND extra_outputs "${extra}")
  endforeach()

  # Ninja and the Makefile generators read depfiles since CMake 3.20, Xcode
  # and Visual Studio since 3.21. Elsewhere only the main file is tracked.
  set(depfile_args DEPFILE "${depfile}")
  if(NOT CMAKE_GENERATOR MATCHES "Ninja|Makefiles" AND CMAKE_VERSION VERSION_LESS 3.21)
    set(depfile_args)
    message(WARNING "bpat_generate(${output}): ${CMAKE_GENERATOR} cannot read depfiles "
      "with CMake ${CMAKE_VERSION}; edits to imported .bpat files will not regenerate it")
  endif()

  file(RELATIVE_PATH out_rel "${CMAKE_BINARY_DIR}" "${out}")
  get_filename_component(src_name "${src}" NAME)
  add_custom_command(
    OUTPUT "${out}" ${extra_outputs}
    COMMAND ${bpatc} ${args}
    DEPENDS "${src}" ${bpatc} ${ARG_DEPENDS}
    ${depfile_args}
    COMMENT "bpatc: generating ${out_rel} from ${src_name} (--emit=${ARG_EMIT})"
    VERBATIM)

  set(BPAT_OUTPUTS ${BPAT_OUTPUTS} "${out}" ${extra_outputs} PARENT_SCOPE)
endfunction()

function(add_bpat_target target)
  if(ARGN)
    set(outputs ${ARGN})
  else()
    set(outputs ${BPAT_OUTPUTS})
    set(BPAT_OUTPUTS "" PARENT_SCOPE)
  endif()
  if(NOT outputs)
    message(FATAL_ERROR "add_bpat_target(${target}): no outputs (call bpat_generate() first)")
  endif()
  set(abs_outputs)
  foreach(o IN LISTS outputs)
    get_filename_component(o "${o}" ABSOLUTE BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
    list(APPEND abs_outputs "${o}")
  endforeach()
  add_custom_target(${target} DEPENDS ${abs_outputs})
endfunction()
