// ISLE, the instruction-selection rule language of Cranelift, with Cranelift's syntax.
//
// Keywords are tokens so that the parser can tell forms apart, but most of them may also be
// used as names (see `ident`), as Cranelift allows: only the words that start a pattern or an
// expression form (`and`, `let`, `if-let`, `if`, `_`, `true`, `false`) are reserved.
grammar Isle;

file : def* EOF ;

def
  : '(' 'type' ident typeModifier* typeValue ')'                        # TypeDef
  | '(' 'decl' declFlag* ident '(' ident* ')' ident ')'                 # DeclDef
  | '(' 'rule' ruleHead pattern ifLet* expr ')'                         # RuleDef
  | '(' 'extractor' '(' ident ident* ')' pattern ')'                    # ExtractorDef
  | '(' 'extern' 'constructor' ident ident ')'                          # ExternCtorDef
  | '(' 'extern' 'extractor' 'infallible'? ident ident polarity? ')'    # ExternEtorDef
  | '(' 'extern' 'const' ident ident ')'                                # ExternConstDef
  | '(' 'convert' ident ident ident ')'                                 # ConvertDef
  | '(' verifyKeyword sexpr* ')'                                        # VerifyDef
  ;

// `(rule [name] [prio] ...)`: a name is a symbol, a priority an integer.
ruleHead : ident? INT? ;

typeModifier : 'extern' | 'nodebug' ;

typeValue
  : '(' 'primitive' ident ')'                # PrimitiveType
  | '(' 'enum' variant* ')'                  # EnumType
  | '(' 'struct' field* ')'                  # StructType
  ;

variant
  : ident                                    # BareVariant
  | '(' ident field* ')'                     # FieldVariant
  ;

field : '(' ident ident ')' ;

declFlag : 'pure' | 'multi' | 'partial' | 'rec' ;

polarity : '(' ident* ')' ;

pattern
  : INT                                      # IntPattern
  | boolLit                                  # BoolPattern
  | '_'                                      # WildcardPattern
  | ident '@' pattern                        # BindPattern
  | ident                                    # VarPattern
  | '(' 'and' pattern* ')'                   # AndPattern
  | '(' ident patternArg* ')'                # TermPattern
  ;

patternArg
  : '<' expr                                 # InArg
  | pattern                                  # PatArg
  ;

ifLet
  : '(' 'if-let' pattern expr ')'            # IfLetClause
  | '(' 'if' expr ')'                        # IfClause
  ;

expr
  : INT                                      # IntExpr
  | boolLit                                  # BoolExpr
  | ident                                    # VarExpr
  | '(' 'let' '(' letBinding* ')' expr ')'   # LetExpr
  | '(' ident expr* ')'                      # TermExpr
  ;

letBinding : '(' ident ident expr ')' ;

boolLit : 'true' | 'false' | '#t' | '#f' ;

verifyKeyword : 'spec' | 'model' | 'form' | 'instantiate' ;

// The verification forms are kept as plain S-expressions: they have no effect on code.
sexpr
  : '(' sexpr* ')'
  | ident | INT | boolLit | '_' | '@' | '<' | 'and' | 'let' | 'if-let' | 'if'
  ;

ident
  : SYMBOL
  | 'type' | 'decl' | 'rule' | 'extractor' | 'extern' | 'constructor' | 'const' | 'convert'
  | 'infallible' | 'nodebug' | 'primitive' | 'enum' | 'struct' | 'pure' | 'multi' | 'partial'
  | 'rec' | 'spec' | 'model' | 'form' | 'instantiate'
  ;

// Integers: decimal, 0x hex, 0o octal, 0b binary, optionally negative, `_` as a separator.
INT
  : '-'? [0-9] [0-9_]*
  | '-'? '0' [xX] [0-9a-fA-F_]+
  | '-'? '0' [oO] [0-7_]+
  | '-'? '0' [bB] [01_]+
  ;

// As in Cranelift's lexer: a symbol is any run of non-blank characters other than parentheses,
// `;` and `@`, not starting with a digit or `-`. `$Name` constants and `#t`/`#xff` are symbols.
SYMBOL : ~[-0-9();@< \t\r\n\f] ~[();@< \t\r\n\f]* ;

LINE_COMMENT : ';' ~[\r\n]* -> skip ;
BLOCK_COMMENT : '(;' ( BLOCK_COMMENT | . )*? ';)' -> skip ;
WS : [ \t\r\n\f]+ -> skip ;

// Anything else is reported as a lexical error at its position instead of being dropped.
BAD : . ;
