" Vim syntax file for bpat (.bpat), the pattern language of bpatc.
" The keywords are include/bpat/Parse/Keywords.def's; test/editors/vim.test
" checks that each is highlighted, and the other groups below.
if exists("b:current_syntax")
  finish
endif

" Declarations start a line. A match, not a keyword, so that `fuser = f;`
" inside a block stays an attribute key (Vim prefers keywords to matches).
syn match bpatDeclaration "^\s*\zs\<\(op\|opset\|dtype\|dtype_config\|fuser\|root_node_getter\|extra_inputs_getter\|backend\|group\)\>"
syn keyword bpatStatement defaults use pattern override
syn keyword bpatImport import
syn keyword bpatOpKind module function method
syn keyword bpatBoolean true false
syn match bpatWildcard "\<_\>"
syn match bpatPrev "<prev>"
syn match bpatOperator "->\|=>\||\|="
syn match bpatNumber "\<\d\+\(\.\d*\)\=\([eE][+-]\=\d\+\)\=\>"
syn region bpatString start=+"+ skip=+\\\\\|\\"+ end=+"+ oneline
syn match bpatAttrKey "\<\h\w*\>\ze\s*=[^>]"
syn keyword bpatTodo contained TODO FIXME XXX
syn match bpatLineComment "//.*$" contains=bpatTodo
syn region bpatBlockComment start="/\*" end="\*/" contains=bpatTodo

hi def link bpatDeclaration Structure
hi def link bpatStatement Statement
hi def link bpatImport Include
hi def link bpatOpKind StorageClass
hi def link bpatBoolean Boolean
hi def link bpatWildcard Special
hi def link bpatPrev Special
hi def link bpatOperator Operator
hi def link bpatNumber Number
hi def link bpatString String
hi def link bpatAttrKey Identifier
hi def link bpatTodo Todo
hi def link bpatLineComment Comment
hi def link bpatBlockComment Comment

let b:current_syntax = "bpat"
