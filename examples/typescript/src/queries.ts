import { graphql } from './gql/index.js';

// An operation of the client's own, with a variable: codegen reads this graphql() call, and the
// document it returns is typed by its result and by its variables ({ code: string }).
export const RegionByCode = graphql(`
  query RegionByCode($code: String!) {
    region(code: $code) {
      __typename
      id
      name
      nameEn
      code
      level
      ancestors { id name }
      projects(first: 5) { totalCount nodes { id name budgetYuan status } }
    }
  }
`);
