// BPat.g4 - the grammar of .bpat files.
//
// The parser built from this grammar only recognises structure; names are
// resolved and checked by Sema. Keywords used as attribute keys (for example
// `fuser = ...` inside a pattern) go through the `key` rule so that they stay
// usable there.
grammar BPat;

file : item* EOF ;

item
  : importDecl
  | opDecl
  | opSetDecl
  | dtypeDecl
  | dtypeConfigDecl
  | fuserDecl
  | getterDecl
  | groupDecl
  ;

importDecl : IMPORT STRING ';' ;

// op conv2d = module "torch.nn.modules.conv.Conv2d" { args = 1; };
opDecl : OP IDENT '=' opKind STRING attrBlock? ';' ;
opKind : MODULE | FUNCTION | METHOD ;

// opset relu_any = relu | relu_fn | relu_method;
opSetDecl : OPSET IDENT '=' IDENT ('|' IDENT)* ';' ;

// dtype quint8 = "torch.quint8";
// dtype act_qint8 = qint8 { scale_min_lower_bound = 0.000244140625; };
dtypeDecl : DTYPE IDENT '=' (STRING | IDENT attrBlock) ';' ;

// dtype_config weighted_int8 { input = quint8; weight = qint8; }
dtypeConfigDecl : DTYPE_CONFIG IDENT attrBlock ;

// fuser fuse_conv_bn(conv, bn) = "torch....fuse_conv_bn";
fuserDecl : FUSER IDENT '(' paramList? ')' '=' STRING ';' ;
paramList : param (',' param)* ;
param : IDENT | '(' paramList ')' ;

// root_node_getter conv_add_root = "...";
getterDecl : getterKind IDENT '=' STRING ';' ;
getterKind : ROOT_NODE_GETTER | EXTRA_INPUTS_GETTER ;

// backend native { ... }   or   group conv_ops { ... }
groupDecl : groupKind IDENT groupParams? '{' groupItem* '}' ;
// group conv_ops(conv, bn) { ... }  and  use conv_ops(conv2d, batchnorm2d);
groupParams : '(' IDENT (',' IDENT)* ')' ;
groupKind : BACKEND | GROUP ;

groupItem
  : DEFAULTS attrBlock                                    # defaultsItem
  | USE IDENT groupParams? (attrBlock | ';')              # useItem
  | OVERRIDE? PATTERN chain ('=>' IDENT)? (attrBlock | ';') # patternItem
  ;

// conv2d -> batchnorm2d -> relu
chain : term ('->' term)* ;

term
  : IDENT ('(' args? ')')?          # opTerm
  | '_'                             # wildcardTerm
  | PREV                            # prevTerm
  | '(' term ('|' term)* ')'        # altTerm
  ;

args : arg (',' arg)* ;
arg : term ('|' term)* ;

attrBlock : '{' attr* '}' ;
attr : key '=' value ';' ;

key
  : IDENT | OP | MODULE | FUNCTION | METHOD | DTYPE | FUSER | ROOT_NODE_GETTER
  | EXTRA_INPUTS_GETTER | BACKEND | GROUP | DEFAULTS | USE | PATTERN | OVERRIDE
  | OPSET | DTYPE_CONFIG | IMPORT
  ;

value
  : IDENT attrBlock                            # constrainedValue
  | IDENT                                      # nameValue
  | number                                     # numberValue
  | STRING                                     # stringValue
  | '[' (value (',' value)* ','?)? ']'         # listValue
  | '{' (mapEntry (',' mapEntry)* ','?)? '}'   # mapValue
  ;

mapEntry : mapKey ':' value ;
mapKey : IDENT | INT ;

number : '-'? (INT | FLOAT) ;

IMPORT : 'import' ;
OP : 'op' ;
OPSET : 'opset' ;
MODULE : 'module' ;
FUNCTION : 'function' ;
METHOD : 'method' ;
DTYPE : 'dtype' ;
DTYPE_CONFIG : 'dtype_config' ;
FUSER : 'fuser' ;
ROOT_NODE_GETTER : 'root_node_getter' ;
EXTRA_INPUTS_GETTER : 'extra_inputs_getter' ;
BACKEND : 'backend' ;
GROUP : 'group' ;
DEFAULTS : 'defaults' ;
USE : 'use' ;
PATTERN : 'pattern' ;
OVERRIDE : 'override' ;
PREV : '<prev>' ;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;
FLOAT
  : [0-9]+ '.' [0-9]* EXPONENT?
  | [0-9]+ EXPONENT
  | '.' [0-9]+ EXPONENT?
  ;
INT : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
STRING : '"' (~["\\\r\n] | '\\' .)* '"' ;

// Comments stay in the token stream, on a channel the parser does not see,
// so that the formatter can keep them.
LINE_COMMENT : '//' ~[\r\n]* -> channel(HIDDEN) ;
BLOCK_COMMENT : '/*' .*? '*/' -> channel(HIDDEN) ;
WS : [ \t\r\n]+ -> skip ;

// Any other character becomes a token of its own so that the parser, not the
// lexer, reports it with a location.
UNKNOWN_CHAR : . ;
