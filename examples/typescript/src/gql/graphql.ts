/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** What a change did to a row. */
export type ChangeOp =
  /** The row was recorded. */
  | 'CREATE'
  /** It was deleted: it left every list and lookup. */
  | 'DELETE'
  /** An admin brought it back after a delete. */
  | 'RESTORE'
  /** Its fields were replaced. */
  | 'UPDATE';

/** Level at which a pairing (结对帮扶) links the two parties. */
export type PairingKind =
  /** A city helps a county (市县结对), such as 郑州市 and 卢氏县. */
  | 'CITY_COUNTY'
  /** County-level divisions help townships (县(市)区结对乡镇). */
  | 'DISTRICT_TOWNSHIP'
  /** Hospitals help hospitals or health centres (院与院对口帮扶). */
  | 'HOSPITAL_HOSPITAL'
  /** Schools help schools (校与校结对). */
  | 'SCHOOL_SCHOOL';

/**
 * aidgraph's classification of aid projects by sector. The article says its 197 projects fall in
 * 11 categories (11大类) but does not name them, so this list is not that one.
 */
export type ProjectCategory =
  /** Consumption support: buying the region's products (消费帮扶). */
  | 'CONSUMPTION'
  /** Public culture (公共文化). */
  | 'CULTURE'
  /** Ecology and environment (生态). */
  | 'ECOLOGY'
  /** Education (教育). */
  | 'EDUCATION'
  /** Care for the elderly and people with disabilities (助残养老). */
  | 'ELDERLY_AND_DISABILITY_CARE'
  /** Jobs and vocational training (就业, 劳务). */
  | 'EMPLOYMENT'
  /** Finance and credit (金融). */
  | 'FINANCE'
  /** Health care (医疗卫生). */
  | 'HEALTH'
  /** Housing (住房). */
  | 'HOUSING'
  /** Industry and agriculture (产业). */
  | 'INDUSTRY'
  /** Roads, power and other infrastructure (基础设施). */
  | 'INFRASTRUCTURE'
  /** Relocation from inhospitable areas (易地搬迁). */
  | 'RELOCATION'
  /** Drinking water and irrigation (饮水, 水利). */
  | 'WATER';

/** Stage of a project as the source reports it. */
export type ProjectStatus =
  /** Built or finished (已建成, 已完工). */
  | 'COMPLETED'
  /** Under way (实施中). */
  | 'IN_PROGRESS'
  /** Planned but not started (规划). */
  | 'PLANNED';

/** How exact a reported number is, as the source's own words qualify it. */
export type Qualifier =
  /** Approximately this, either side (约, 左右). */
  | 'APPROXIMATE'
  /** Stated as an exact number (no qualifying word). */
  | 'EXACT'
  /** A floor: the true value is more than this (余, 多, 以上). 5万余个 means more than 50,000. */
  | 'MORE_THAN'
  /** Nearly: the true value is a little less than this, or about it (近). 近800万元 means just under 8 million yuan. */
  | 'NEARLY';

/** Tier of China's administrative hierarchy (行政区划级别). */
export type RegionLevel =
  /** Prefecture-level division (地级), for example 郑州市. */
  | 'CITY'
  /** County-level division (县级): counties, city districts and county-level cities. */
  | 'COUNTY'
  /** Province-level division (省级), for example 河南省. */
  | 'PROVINCE'
  /** Township-level division (乡级): towns, townships and subdistricts. */
  | 'TOWNSHIP'
  /** Village-level division (村级): administrative villages and communities. */
  | 'VILLAGE';

/** A school to record: every field, as a source names it. */
export type SchoolInput = {
  /** Official name in Chinese (校名), 1 to 200 characters. */
  name: string;
  /** English name, where one is known; at most 200 characters. */
  nameEn?: string | null | undefined;
  /** Global id of the region it lies in: a county, township or village. */
  regionId: string | number;
  /** Global id of the source that names it (来源): nothing enters the record without one. */
  sourceId: string | number;
  /** Stage of schooling (学段), where known. */
  stage?: SchoolStage | null | undefined;
};

/** Stage of schooling a school provides. */
export type SchoolStage =
  /** School covering several stages (九年一贯制 and similar). */
  | 'COMBINED'
  /** Primary school (小学). */
  | 'PRIMARY'
  /** Middle or high school (中学). */
  | 'SECONDARY';

/** What a figure counts or measures: its base unit. */
export type Unit =
  /** Batches or groups sent (批次). */
  | 'BATCH'
  /** Categories (大类). */
  | 'CATEGORY'
  /** Cities or counties (市县). */
  | 'CITY_OR_COUNTY'
  /** County-level divisions (县(市)区). */
  | 'COUNTY_LEVEL_DIVISION'
  /** Events or occasions: visits, fairs, clinics (次, 场). */
  | 'EVENT'
  /** Township health centres (乡镇卫生院). */
  | 'HEALTH_CENTRE'
  /** Hospitals (家医院). */
  | 'HOSPITAL'
  /** Households (户). */
  | 'HOUSEHOLD'
  /** Jobs or posts (个岗位). */
  | 'JOB'
  /** Nursing homes (敬老院). */
  | 'NURSING_HOME'
  /** A percentage (%), written as 18.9 for 18.9%. */
  | 'PERCENT'
  /** Persons (人, 名). */
  | 'PERSON'
  /** Person-times (人次): one person counted once for each time served or trained. */
  | 'PERSON_TIME'
  /** Projects (个项目). */
  | 'PROJECT'
  /** A rank, where 1 is first (名次; 第一 = 1). */
  | 'RANK'
  /** Schools (所学校). */
  | 'SCHOOL'
  /** Training sessions or classes (期, 场次). */
  | 'SESSION'
  /** Tasks or work items (项工作). */
  | 'TASK'
  /** Township-level divisions (乡镇). */
  | 'TOWNSHIP'
  /** Villages (村). */
  | 'VILLAGE'
  /** Years (年). */
  | 'YEAR'
  /** Money in whole yuan (元); the source's 万元 and 亿元 are converted (1万 = 10,000; 1亿 = 100,000,000). */
  | 'YUAN';

export type ChangesSubscriptionVariables = Exact<{
  after?: string | null | undefined;
}>;


export type ChangesSubscription = { changes: { cursor: string, seq: number, op: ChangeOp, nodeType: string, nodeId: string, version: number, at: string, node:
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { id: string }
      | { name: string, id: string }
      | { id: string }
      | { name: string, stage: SchoolStage | null, id: string }
      | { id: string }
      | { id: string }
      | { id: string }
     | null } };

export type HealthQueryVariables = Exact<{ [key: string]: never; }>;


export type HealthQuery = { programs: { nodes: Array<{ id: string, name: string, figures: { nodes: Array<{ id: string, labelZh: string, value: number, unit: Unit, qualifier: Qualifier, originalText: string }> }, projects: { nodes: Array<{ id: string, name: string, description: string | null, budgetYuan: number | null }> } }> }, collectives: { nodes: Array<{ id: string, name: string, memberCount: number | null, pairings: { nodes: Array<{ id: string, kind: PairingKind, startDate: string | null, helper:
            | { __typename: 'City', id: string }
            | { __typename: 'Collective', name: string, id: string }
            | { __typename: 'County', id: string }
            | { __typename: 'Fund', id: string }
            | { __typename: 'Hospital', id: string }
            | { __typename: 'Pairing', id: string }
            | { __typename: 'Program', id: string }
            | { __typename: 'Project', id: string }
            | { __typename: 'Province', id: string }
            | { __typename: 'School', id: string }
            | { __typename: 'Township', id: string }
            | { __typename: 'Village', id: string }
          , helped:
            | { __typename: 'City', id: string }
            | { __typename: 'Collective', name: string, id: string }
            | { __typename: 'County', id: string }
            | { __typename: 'Fund', id: string }
            | { __typename: 'Hospital', id: string }
            | { __typename: 'Pairing', id: string }
            | { __typename: 'Program', id: string }
            | { __typename: 'Project', id: string }
            | { __typename: 'Province', id: string }
            | { __typename: 'School', id: string }
            | { __typename: 'Township', id: string }
            | { __typename: 'Village', id: string }
           }> } }> } };

export type InvestmentQueryVariables = Exact<{ [key: string]: never; }>;


export type InvestmentQuery = { figures: { nodes: Array<{ id: string, label: string, labelZh: string, value: number, unit: Unit, qualifier: Qualifier, originalText: string, quote: string, periodStart: string | null, periodEnd: string | null, source: { id: string, title: string, publisher: string | null } }> } };

export type LushiQueryVariables = Exact<{ [key: string]: never; }>;


export type LushiQuery = { region:
    | { id: string, name: string, nameEn: string | null, code: string | null, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      > }
    | { id: string, name: string, nameEn: string | null, code: string | null, townships: { totalCount: number, nodes: Array<{ id: string, name: string, code: string | null }> }, figures: { nodes: Array<{ id: string, labelZh: string, value: number, unit: Unit, qualifier: Qualifier, originalText: string, periodEnd: string | null }> }, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      > }
    | { id: string, name: string, nameEn: string | null, code: string | null, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      > }
    | { id: string, name: string, nameEn: string | null, code: string | null, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      > }
    | { id: string, name: string, nameEn: string | null, code: string | null, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      > }
   | null };

export type PairingsQueryVariables = Exact<{ [key: string]: never; }>;


export type PairingsQuery = { pairings: { totalCount: number, nodes: Array<{ id: string, kind: PairingKind, startDate: string | null, description: string | null, quote: string, helper:
        | { __typename: 'City', name: string, code: string | null, id: string }
        | { __typename: 'Collective', name: string, memberCount: number | null, id: string }
        | { __typename: 'County', name: string, code: string | null, id: string }
        | { __typename: 'Fund', id: string }
        | { __typename: 'Hospital', id: string }
        | { __typename: 'Pairing', id: string }
        | { __typename: 'Program', id: string }
        | { __typename: 'Project', id: string }
        | { __typename: 'Province', name: string, code: string | null, id: string }
        | { __typename: 'School', id: string }
        | { __typename: 'Township', name: string, code: string | null, id: string }
        | { __typename: 'Village', name: string, code: string | null, id: string }
      , helped:
        | { __typename: 'City', name: string, code: string | null, id: string }
        | { __typename: 'Collective', name: string, memberCount: number | null, id: string }
        | { __typename: 'County', name: string, code: string | null, id: string }
        | { __typename: 'Fund', id: string }
        | { __typename: 'Hospital', id: string }
        | { __typename: 'Pairing', id: string }
        | { __typename: 'Program', id: string }
        | { __typename: 'Project', id: string }
        | { __typename: 'Province', name: string, code: string | null, id: string }
        | { __typename: 'School', id: string }
        | { __typename: 'Township', name: string, code: string | null, id: string }
        | { __typename: 'Village', name: string, code: string | null, id: string }
       }> } };

export type PovertyQueryVariables = Exact<{ [key: string]: never; }>;


export type PovertyQuery = { figures: { nodes: Array<{ id: string, metric: string, labelZh: string, value: number, unit: Unit, qualifier: Qualifier, originalText: string, periodStart: string | null, periodEnd: string | null, timeText: string | null, quote: string, source: { id: string, title: string } }> } };

export type ProgramsQueryVariables = Exact<{ [key: string]: never; }>;


export type ProgramsQuery = { programs: { nodes: Array<{ id: string, ordinal: number, name: string, nameEn: string, projects: { totalCount: number, aggregate: { countWithBudget: number, sum: { budgetYuan: number | null } }, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> }, figures: { nodes: Array<{ id: string, labelZh: string, value: number, unit: Unit, qualifier: Qualifier, originalText: string }> } }> } };

export type ProjectsByCategoryQueryVariables = Exact<{ [key: string]: never; }>;


export type ProjectsByCategoryQuery = { projects: { totalCount: number, aggregate: { count: number, countWithBudget: number, sum: { budgetYuan: number | null }, groups: Array<{ count: number, countWithBudget: number, key: { category: ProjectCategory | null }, sum: { budgetYuan: number | null } }> } } };

export type SearchQueryVariables = Exact<{ [key: string]: never; }>;


export type SearchQuery = { search: { totalCount: number, nodes: Array<{ id: string, score: number, matchedField: string, node:
        | { __typename: 'City', id: string, name: string, code: string | null }
        | { __typename: 'Collective', id: string, name: string }
        | { __typename: 'County', id: string, name: string, code: string | null }
        | { __typename: 'Figure', id: string, labelZh: string, originalText: string }
        | { __typename: 'Fund', id: string }
        | { __typename: 'Hospital', id: string }
        | { __typename: 'Program', id: string }
        | { __typename: 'Project', id: string, name: string }
        | { __typename: 'Province', id: string, name: string, code: string | null }
        | { __typename: 'School', id: string }
        | { __typename: 'Township', id: string, name: string, code: string | null }
        | { __typename: 'Village', id: string, name: string, code: string | null }
       }> } };

export type RegionByCodeQueryVariables = Exact<{
  code: string;
}>;


export type RegionByCodeQuery = { region:
    | { __typename: 'City', id: string, name: string, nameEn: string | null, code: string | null, level: RegionLevel, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      >, projects: { totalCount: number, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> } }
    | { __typename: 'County', id: string, name: string, nameEn: string | null, code: string | null, level: RegionLevel, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      >, projects: { totalCount: number, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> } }
    | { __typename: 'Province', id: string, name: string, nameEn: string | null, code: string | null, level: RegionLevel, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      >, projects: { totalCount: number, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> } }
    | { __typename: 'Township', id: string, name: string, nameEn: string | null, code: string | null, level: RegionLevel, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      >, projects: { totalCount: number, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> } }
    | { __typename: 'Village', id: string, name: string, nameEn: string | null, code: string | null, level: RegionLevel, ancestors: Array<
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
        | { id: string, name: string }
      >, projects: { totalCount: number, nodes: Array<{ id: string, name: string, budgetYuan: number | null, status: ProjectStatus | null }> } }
   | null };

export type LatestChangeQueryVariables = Exact<{ [key: string]: never; }>;


export type LatestChangeQuery = { changes: { edges: Array<{ cursor: string }> } };

export type CreateSchoolMutationVariables = Exact<{
  input: SchoolInput;
}>;


export type CreateSchoolMutation = { createSchool: { id: string, name: string, version: number } };

export type VillagesQueryVariables = Exact<{ [key: string]: never; }>;


export type VillagesQuery = { villages: { totalCount: number, nodes: Array<{ id: string, name: string, nameEn: string | null, code: string | null, ancestors: Array<
        | { id: string, name: string, level: RegionLevel }
        | { id: string, name: string, level: RegionLevel }
        | { id: string, name: string, level: RegionLevel }
        | { id: string, name: string, level: RegionLevel }
        | { id: string, name: string, level: RegionLevel }
      >, source: { id: string, title: string } }> } };


export const ChangesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"Changes"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}},{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"within"},"value":{"kind":"StringValue","value":"411224","block":false}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"seq"}},{"kind":"Field","name":{"kind":"Name","value":"op"}},{"kind":"Field","name":{"kind":"Name","value":"nodeType"}},{"kind":"Field","name":{"kind":"Name","value":"nodeId"}},{"kind":"Field","name":{"kind":"Name","value":"version"}},{"kind":"Field","name":{"kind":"Name","value":"at"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"School"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"stage"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Project"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]} as unknown as DocumentNode<ChangesSubscription, ChangesSubscriptionVariables>;
export const HealthDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Health"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"programs"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"name"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"contains"},"value":{"kind":"StringValue","value":"健康","block":false}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"projects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}}]}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"collectives"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"memberKind"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"eq"},"value":{"kind":"EnumValue","value":"HOSPITAL"}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}},{"kind":"Field","name":{"kind":"Name","value":"pairings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"helper"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Collective"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"helped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Collective"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}}]}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<HealthQuery, HealthQueryVariables>;
export const InvestmentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Investment"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"metric"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"in"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"aid_funds_invested","block":false},{"kind":"StringValue","value":"project_investment","block":false}]}}]}}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"label"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}},{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}},{"kind":"Field","name":{"kind":"Name","value":"publisher"}}]}}]}}]}}]}}]} as unknown as DocumentNode<InvestmentQuery, InvestmentQueryVariables>;
export const LushiDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Lushi"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"StringValue","value":"411224","block":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"ancestors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"County"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"townships"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"includeDescendants"},"value":{"kind":"BooleanValue","value":false}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<LushiQuery, LushiQueryVariables>;
export const PairingsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Pairings"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pairings"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"50"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"startDate"}},{"kind":"Field","name":{"kind":"Name","value":"description"}},{"kind":"Field","name":{"kind":"Name","value":"helper"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Collective"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"helped"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Collective"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"memberCount"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"quote"}}]}}]}}]}}]} as unknown as DocumentNode<PairingsQuery, PairingsQueryVariables>;
export const PovertyDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Poverty"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"metric"},"value":{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"in"},"value":{"kind":"ListValue","values":[{"kind":"StringValue","value":"poor_households","block":false},{"kind":"StringValue","value":"poor_population","block":false},{"kind":"StringValue","value":"poor_villages","block":false},{"kind":"StringValue","value":"poverty_incidence_rate","block":false},{"kind":"StringValue","value":"households_lifted_out_of_poverty","block":false}]}}]}}]}},{"kind":"Argument","name":{"kind":"Name","value":"orderBy"},"value":{"kind":"ListValue","values":[{"kind":"ObjectValue","fields":[{"kind":"ObjectField","name":{"kind":"Name","value":"field"},"value":{"kind":"EnumValue","value":"PERIOD_END"}}]}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"metric"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}},{"kind":"Field","name":{"kind":"Name","value":"periodStart"}},{"kind":"Field","name":{"kind":"Name","value":"periodEnd"}},{"kind":"Field","name":{"kind":"Name","value":"timeText"}},{"kind":"Field","name":{"kind":"Name","value":"quote"}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PovertyQuery, PovertyQueryVariables>;
export const ProgramsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Programs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"programs"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"ordinal"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"projects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"aggregate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"sum"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}}]}},{"kind":"Field","name":{"kind":"Name","value":"countWithBudget"}}]}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"figures"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"value"}},{"kind":"Field","name":{"kind":"Name","value":"unit"}},{"kind":"Field","name":{"kind":"Name","value":"qualifier"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProgramsQuery, ProgramsQueryVariables>;
export const ProjectsByCategoryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ProjectsByCategory"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"projects"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"aggregate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"countWithBudget"}},{"kind":"Field","name":{"kind":"Name","value":"sum"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}}]}},{"kind":"Field","name":{"kind":"Name","value":"groups"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"by"},"value":{"kind":"ListValue","values":[{"kind":"EnumValue","value":"CATEGORY"}]}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"key"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"category"}}]}},{"kind":"Field","name":{"kind":"Name","value":"count"}},{"kind":"Field","name":{"kind":"Name","value":"countWithBudget"}},{"kind":"Field","name":{"kind":"Name","value":"sum"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ProjectsByCategoryQuery, ProjectsByCategoryQueryVariables>;
export const SearchDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Search"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"search"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"text"},"value":{"kind":"StringValue","value":"卢氏","block":false}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"10"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"score"}},{"kind":"Field","name":{"kind":"Name","value":"matchedField"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Node"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Region"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"code"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Collective"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Project"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"InlineFragment","typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Figure"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"labelZh"}},{"kind":"Field","name":{"kind":"Name","value":"originalText"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<SearchQuery, SearchQueryVariables>;
export const RegionByCodeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"RegionByCode"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"code"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"region"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"code"},"value":{"kind":"Variable","name":{"kind":"Name","value":"code"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"__typename"}},{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"level"}},{"kind":"Field","name":{"kind":"Name","value":"ancestors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"projects"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"5"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"budgetYuan"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]}}]} as unknown as DocumentNode<RegionByCodeQuery, RegionByCodeQueryVariables>;
export const LatestChangeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"LatestChange"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"changes"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"last"},"value":{"kind":"IntValue","value":"1"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}}]}}]}}]}}]} as unknown as DocumentNode<LatestChangeQuery, LatestChangeQueryVariables>;
export const CreateSchoolDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"CreateSchool"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SchoolInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"createSchool"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"version"}}]}}]}}]} as unknown as DocumentNode<CreateSchoolMutation, CreateSchoolMutationVariables>;
export const VillagesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Villages"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"villages"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"IntValue","value":"20"}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"nodes"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"nameEn"}},{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"ancestors"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"level"}}]}},{"kind":"Field","name":{"kind":"Name","value":"source"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"title"}}]}}]}}]}}]}}]} as unknown as DocumentNode<VillagesQuery, VillagesQueryVariables>;