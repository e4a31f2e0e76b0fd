import { ts } from 'ts-morph';
import { declarationOf, propertyName, unwrapExpression } from './ast';

/**
 * What a collection declared in the workspace holds, as written where it is declared. Apps pick a
 * client at run time from a table keyed by provider (`providers[name]`), a cache keyed by API key
 * (`clients.get(key)`) or a list they loop over for a fallback (`for (const client of clients)`).
 */
export interface CollectionContents {
  /** The element types of its annotation: `Record<string, OpenAI>`, `Map<string, Anthropic>`, `OpenAI[]`. */
  elementTypes: ts.TypeNode[];
  /** The values of its initialiser: `{ openai: new OpenAI() }`, `new Map([['main', client]])`, `[primary, backup]`. */
  values: ts.Expression[];
}

/** Type names whose last type argument is the type of their elements. */
const COLLECTION_TYPES = new Set(['Record', 'Map', 'ReadonlyMap', 'Array', 'ReadonlyArray']);
/** Type names that keep their argument's elements: `Partial<Record<Provider, OpenAI>>`. */
const SAME_ELEMENTS = new Set(['Partial', 'Readonly', 'Required']);

/** The contents of the collection `holder` names (a variable, a parameter or a property), if it is one. */
export function collectionContents(holder: ts.Expression, checker: ts.TypeChecker): CollectionContents | undefined {
  const expression = unwrapExpression(holder);
  const name = ts.isIdentifier(expression)
    ? expression
    : ts.isPropertyAccessExpression(expression)
      ? expression.name
      : undefined;
  const declaration = name ? declarationOf(name, checker) : undefined;
  if (
    !declaration ||
    !(ts.isVariableDeclaration(declaration) || ts.isPropertyDeclaration(declaration) || ts.isParameter(declaration))
  )
    return undefined;
  const contents: CollectionContents = {
    elementTypes: declaration.type ? elementTypesOf(declaration.type) : [],
    values: [],
  };
  if (declaration.initializer) addInitialContents(unwrapExpression(declaration.initializer), contents);
  return contents.elementTypes.length > 0 || contents.values.length > 0 ? contents : undefined;
}

function elementTypesOf(type: ts.TypeNode): ts.TypeNode[] {
  if (ts.isArrayTypeNode(type)) return [type.elementType];
  if (ts.isTypeOperatorNode(type)) return elementTypesOf(type.type);
  if (ts.isTypeLiteralNode(type))
    return type.members.filter(ts.isIndexSignatureDeclaration).map((signature) => signature.type);
  if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return [];
  const last = type.typeArguments?.[type.typeArguments.length - 1];
  if (!last) return [];
  if (COLLECTION_TYPES.has(type.typeName.text)) return [last];
  return SAME_ELEMENTS.has(type.typeName.text) ? elementTypesOf(last) : [];
}

function addInitialContents(initializer: ts.Expression, contents: CollectionContents): void {
  if (ts.isObjectLiteralExpression(initializer)) {
    for (const property of initializer.properties) {
      if (ts.isPropertyAssignment(property) && propertyName(property.name) !== undefined)
        contents.values.push(property.initializer);
      else if (ts.isShorthandPropertyAssignment(property)) contents.values.push(property.name);
    }
  } else if (ts.isArrayLiteralExpression(initializer)) {
    for (const element of initializer.elements) if (!ts.isSpreadElement(element)) contents.values.push(element);
  } else if (
    ts.isNewExpression(initializer) &&
    ts.isIdentifier(initializer.expression) &&
    initializer.expression.text === 'Map'
  ) {
    const valueType = initializer.typeArguments?.[1];
    if (valueType) contents.elementTypes.push(valueType);
    // `new Map([['main', new Anthropic()]])`: the second of each pair.
    const entries = initializer.arguments?.[0];
    if (entries && ts.isArrayLiteralExpression(entries))
      for (const entry of entries.elements)
        if (ts.isArrayLiteralExpression(entry) && entry.elements[1] && !ts.isSpreadElement(entry.elements[1]))
          contents.values.push(entry.elements[1]);
  }
}
