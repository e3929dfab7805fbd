// Syntax tree of an OQL query.

export type Literal =
  { type: 'string'; value: string } | { type: 'number'; value: number } | { type: 'boolean'; value: boolean };

export type ComparisonOp = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'NOT LIKE' | 'IN' | 'NOT IN';

export type Expr =
  | { kind: 'and' | 'or'; left: Expr; right: Expr }
  | { kind: 'not'; expr: Expr }
  | { kind: 'cmp'; field: string; op: ComparisonOp; value: Literal | Literal[]; pos: number };

export interface OrderItem {
  field: string;
  direction: 'ASC' | 'DESC';
  pos: number;
}

export interface Query {
  where?: Expr;
  orderBy: OrderItem[];
}
