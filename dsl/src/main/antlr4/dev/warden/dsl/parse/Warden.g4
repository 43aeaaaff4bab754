// The Warden policy language (v1): rule packs (*.policy) and rule tests (*.policytest).
// The contract is shared/design/policy-language.md; the reference is docs/policy-language.md.
// Keywords are lower case and soft: wherever a name is expected (a path segment, an option)
// a keyword is accepted as a name, so `model.context` and `injection.score` parse.
grammar Warden;

// ---------------------------------------------------------------- entry points

policyFile : packHeader packDescription? declaration* EOF ;
testFile   : testsHeader modelDecl* testCase* EOF ;
/** A path inside ${...} of a message. */
interpolation : path EOF ;
/** A value on its own, e.g. given on a command line. */
literalValue : literal EOF ;

// ---------------------------------------------------------------- packs

packHeader      : PACK packName=STRING VERSION packVersion=STRING ;
packDescription : DESCRIPTION STRING ;

declaration
  : entityDecl
  | groupDecl
  | listDecl
  | allowDecl
  | ruleDecl
  ;

entityDecl   : ENTITY name LBRACE entityClause* RBRACE ;
entityClause
  : PATTERN REGEX                          # entityPattern
  | TERMS STRING (COMMA STRING)*           # entityTerms
  | CONTEXT STRING (COMMA STRING)*         # entityContext
  | SCORE number                           # entityScore
  | VALIDATE name                          # entityValidate
  ;

groupDecl : GROUP name EQ name (COMMA name)* ;
/** Values of an entity type this pack does not treat as that entity: exact strings or patterns. */
allowDecl : ALLOW name allowValue (COMMA allowValue)* ;
allowValue : STRING | REGEX ;
listDecl  : LIST name EQ listLiteral ;

ruleDecl   : RULE STRING LBRACE ruleClause* RBRACE ;
ruleClause
  : DESCRIPTION STRING                     # ruleDescription
  | PRIORITY number                        # rulePriority
  | ON name                                # rulePhase
  | MODE name                              # ruleMode
  | WHEN expr                              # ruleWhen
  | THEN action                            # ruleThen
  ;

action
  : BLOCK number? STRING?                                  # blockAction
  | REDACT (ALL | name (COMMA name)*) (USING name)?        # redactAction
  | ROUTE TO STRING (COMMA STRING)*                        # routeToAction
  | ROUTE WHERE expr (PREFER name)?                        # routeWhereAction
  | ROUTE PREFER name                                      # routePreferAction
  | DOWNGRADE TO STRING (COMMA STRING)*                    # downgradeAction
  | WARN STRING                                            # warnAction
  | LIMIT scope=name TO number unit=name PER per=name      # limitAction
  | TAG key=STRING EQ value=STRING                         # tagAction
  | LOG name                                               # logAction
  ;

// ---------------------------------------------------------------- conditions

expr    : andExpr (OR andExpr)* ;
andExpr : notExpr (AND notExpr)* ;
notExpr : NOT* primary ;
primary
  : LPAREN expr RPAREN                                                     # parenExpr
  | left=operand compareOp right=operand                                   # compareCond
  | left=operand NOT? IN right=operand                                     # inCond
  | left=operand MATCHES REGEX                                             # matchesCond
  | left=operand CONTAINS containsTarget (WITH SCORE compareOp number)?    # containsCond
  | operand                                                                # boolCond
  ;

containsTarget
  : quantifier=(ANY | ALL) LPAREN name (COMMA name)* RPAREN
  | operand
  ;

compareOp : EQEQ | NEQ | LT | LE | GT | GE ;

operand
  : literal                                          # literalOperand
  | COUNT LPAREN target=name COMMA entity=name RPAREN # countOperand
  | path                                             # pathOperand
  ;

path     : pathHead pathTail* ;
pathHead
  : BUDGET LPAREN name RPAREN                        # budgetHead
  | name                                             # nameHead
  ;
pathTail
  : DOT name                                         # fieldTail
  | LBRACK STRING RBRACK                             # keyTail
  ;

literal
  : STRING                                           # stringLiteral
  | number                                           # numberLiteral
  | PERCENT                                          # percentLiteral
  | TRUE                                             # trueLiteral
  | FALSE                                            # falseLiteral
  | listLiteral                                      # listLiteralValue
  ;
listLiteral : LBRACK (literal (COMMA literal)* COMMA?)? RBRACK ;
number      : NUMBER ;

// ---------------------------------------------------------------- rule tests

testsHeader : TESTS STRING (COMMA STRING)* ;
modelDecl   : MODEL STRING LBRACE modelClause* RBRACE ;
modelClause : name literal (COMMA literal)* ;

testCase : TEST STRING LBRACE testStep* RBRACE ;
testStep
  : GIVEN target=(PROMPT | SYSTEM | RESPONSE) STRING       # givenText
  | GIVEN path EQ literal                                  # givenValue
  | EXPECT expectation                                     # expectStep
  ;
expectation
  : ALLOW                                                  # expectAllow
  | BLOCK number? STRING?                                  # expectBlock
  | NOT? FIRED STRING                                      # expectFired
  | REDACTED name STRING                                   # expectRedacted
  | REDACT name                                            # expectRedact
  | MODEL STRING                                           # expectModel
  | WARN STRING                                            # expectWarn
  | TAG key=STRING EQ value=STRING                         # expectTag
  | LIMIT scope=name number unit=name PER per=name         # expectLimit
  ;

// ---------------------------------------------------------------- names

/** An identifier; every keyword that could sensibly be a name is one here too. */
name
  : IDENT
  | PACK | VERSION | DESCRIPTION | ENTITY | PATTERN | TERMS | CONTEXT | SCORE | VALIDATE
  | GROUP | LIST | RULE | PRIORITY | ON | REQUEST | RESPONSE | MODE | BLOCK | REDACT | USING
  | ROUTE | TO | WHERE | PREFER | DOWNGRADE | WARN | LIMIT | PER | TAG | LOG | TESTS | MODEL
  | TEST | GIVEN | EXPECT | ALLOW | FIRED | REDACTED | BUDGET | PROMPT | SYSTEM | COUNT
  | ANY | ALL
  ;

// ---------------------------------------------------------------- lexer

PACK        : 'pack' ;
VERSION     : 'version' ;
DESCRIPTION : 'description' ;
ENTITY      : 'entity' ;
PATTERN     : 'pattern' ;
TERMS       : 'terms' ;
CONTEXT     : 'context' ;
SCORE       : 'score' ;
VALIDATE    : 'validate' ;
GROUP       : 'group' ;
LIST        : 'list' ;
RULE        : 'rule' ;
PRIORITY    : 'priority' ;
ON          : 'on' ;
REQUEST     : 'request' ;
RESPONSE    : 'response' ;
MODE        : 'mode' ;
WHEN        : 'when' ;
THEN        : 'then' ;
AND         : 'and' ;
OR          : 'or' ;
NOT         : 'not' ;
IN          : 'in' ;
MATCHES     : 'matches' ;
CONTAINS    : 'contains' ;
WITH        : 'with' ;
ANY         : 'any' ;
ALL         : 'all' ;
COUNT       : 'count' ;
BLOCK       : 'block' ;
REDACT      : 'redact' ;
USING       : 'using' ;
ROUTE       : 'route' ;
TO          : 'to' ;
WHERE       : 'where' ;
PREFER      : 'prefer' ;
DOWNGRADE   : 'downgrade' ;
WARN        : 'warn' ;
LIMIT       : 'limit' ;
PER         : 'per' ;
TAG         : 'tag' ;
LOG         : 'log' ;
TRUE        : 'true' ;
FALSE       : 'false' ;
TESTS       : 'tests' ;
MODEL       : 'model' ;
TEST        : 'test' ;
GIVEN       : 'given' ;
EXPECT      : 'expect' ;
ALLOW       : 'allow' ;
FIRED       : 'fired' ;
REDACTED    : 'redacted' ;
BUDGET      : 'budget' ;
PROMPT      : 'prompt' ;
SYSTEM      : 'system' ;

LBRACE : '{' ;
RBRACE : '}' ;
LPAREN : '(' ;
RPAREN : ')' ;
LBRACK : '[' ;
RBRACK : ']' ;
COMMA  : ',' ;
DOT    : '.' ;
EQEQ   : '==' ;
NEQ    : '!=' ;
LE     : '<=' ;
GE     : '>=' ;
LT     : '<' ;
GT     : '>' ;
EQ     : '=' ;

PERCENT : NUM '%' ;
NUMBER  : NUM ;
fragment NUM : '-'? [0-9]+ ('.' [0-9]+)? ;

STRING : '"' (ESC | ~["\\\r\n])* '"' ;
/** A string that reaches the end of its line: reported as unterminated, not as noise. */
UNTERMINATED_STRING : '"' (ESC | ~["\\\r\n])* ;
fragment ESC : '\\' . ;

REGEX : '/' (REGEX_ESC | ~[/\\\r\n])+ '/' [a-z]* ;
UNTERMINATED_REGEX : '/' (REGEX_ESC | ~[/\\\r\n])* ;
fragment REGEX_ESC : '\\' ~[\r\n] ;

IDENT : [a-zA-Z_] [a-zA-Z0-9_]* ;

COMMENT : '#' ~[\r\n]* -> skip ;
WS      : [ \t\r\n\f\u00A0\uFEFF]+ -> skip ;

/** Anything else is one bad character, reported by the parser with its position. */
BAD_CHAR : . ;
