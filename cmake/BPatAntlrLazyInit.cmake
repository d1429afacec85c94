# Run as `cmake -DFILE=<generated .cpp> -DCLASS=<class> -DBASE=<Lexer|Parser>
# -DSTREAM=<CharStream|TokenStream> -P BPatAntlrLazyInit.cmake` after antlr4
# 4.7.2 has generated a lexer or parser.
#
# The generated code deserializes its ATN in a static initializer
# (`Class::Initializer Class::_init;`), so every program linking the parser
# pays for it at start-up (about 2 million instructions, a third of a
# bpat-match run from a compiled backend) even when it never parses. This
# turns the static object into a function-local static constructed by the
# first constructor call (thread-safe in C++11). Each edit must apply exactly
# once; a generator that writes anything else stops the build here rather than
# producing a parser that was not initialized.
file(READ "${FILE}" text)

function(replace_once what with)
  string(FIND "${text}" "${what}" first)
  string(FIND "${text}" "${what}" last REVERSE)
  if(first EQUAL -1 OR NOT first EQUAL last)
    message(FATAL_ERROR "BPatAntlrLazyInit: '${what}' is not in ${FILE} "
      "exactly once; the generated code is not what antlr4 4.7.2 writes")
  endif()
  string(REPLACE "${what}" "${with}" text "${text}")
  set(text "${text}" PARENT_SCOPE)
endfunction()

replace_once("${CLASS}::Initializer ${CLASS}::_init;"
  "// ${CLASS}::_init: constructed on first use (cmake/BPatAntlrLazyInit.cmake).")
replace_once("${CLASS}::${CLASS}(${STREAM} *input) : ${BASE}(input) {"
  "${CLASS}::${CLASS}(${STREAM} *input) : ${BASE}(input) {\n  static Initializer lazyInit;\n  (void)lazyInit;")
file(WRITE "${FILE}" "${text}")
