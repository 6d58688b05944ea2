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

// The latest change in the feed: its cursor is where the live example's subscription starts, so
// the write it makes next arrives however long the subscription takes to open.
export const LatestChange = graphql(`
  query LatestChange {
    changes(last: 1) { edges { cursor } }
  }
`);

// The write the live example makes (an editor's key): a school in 文峪乡, in 卢氏县.
export const CreateSchool = graphql(`
  mutation CreateSchool($input: SchoolInput!) {
    createSchool(input: $input) { id name version }
  }
`);
