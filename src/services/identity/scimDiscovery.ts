/**
 * The discovery endpoints (RFC 7643 §5–7, RFC 7644 §4): what the service provider supports,
 * its resource types and their schemas. Entra ID reads /Schemas for gallery apps: camelCase,
 * no nulls, a ListResponse. Okta reads none of them.
 */
import { CORE_GROUP, CORE_USER, ENTERPRISE_USER, type ScimObject } from './scimAttributes.js';
import { MAX_RESULTS, listResponse, type ListResponse } from './scimResources.js';

const SPC = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(baseUrl: string): ScimObject {
  return {
    schemas: [SPC],
    documentationUri: 'https://github.com/allot/allot/blob/main/docs/identity.md',
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: false },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer API token',
        description: 'An Allot API token of role userAdmin or globalAdmin',
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

function resourceTypes(baseUrl: string): ScimObject[] {
  return [
    {
      schemas: [RESOURCE_TYPE],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'An Allot user',
      schema: CORE_USER,
      schemaExtensions: [{ schema: ENTERPRISE_USER, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'An Allot group of users',
      schema: CORE_GROUP,
      schemaExtensions: [],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

interface AttributeSpec {
  name: string;
  type?: 'string' | 'boolean' | 'complex' | 'reference';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned?: 'always' | 'never' | 'default';
  uniqueness?: 'none' | 'server';
  subAttributes?: AttributeSpec[];
  referenceTypes?: string[];
}

function attribute(spec: AttributeSpec): ScimObject {
  const out: ScimObject = {
    name: spec.name,
    type: spec.type ?? 'string',
    multiValued: spec.multiValued ?? false,
    description: spec.name,
    required: spec.required ?? false,
    caseExact: spec.caseExact ?? false,
    mutability: spec.mutability ?? 'readWrite',
    returned: spec.returned ?? 'default',
    uniqueness: spec.uniqueness ?? 'none',
  };
  if (spec.subAttributes !== undefined) out.subAttributes = spec.subAttributes.map(attribute);
  if (spec.referenceTypes !== undefined) out.referenceTypes = spec.referenceTypes;
  return out;
}

const multi = (name: string): AttributeSpec => ({
  name,
  type: 'complex',
  multiValued: true,
  subAttributes: [
    { name: 'value' },
    { name: 'display' },
    { name: 'type' },
    { name: 'primary', type: 'boolean' },
  ],
});

function schemas(baseUrl: string): ScimObject[] {
  const schema = (id: string, name: string, attributes: AttributeSpec[]): ScimObject => ({
    schemas: [SCHEMA],
    id,
    name,
    description: name,
    attributes: attributes.map(attribute),
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(CORE_USER, 'User', [
      { name: 'userName', required: true, uniqueness: 'server' },
      { name: 'externalId', caseExact: true },
      {
        name: 'name',
        type: 'complex',
        subAttributes: [
          { name: 'formatted' },
          { name: 'familyName' },
          { name: 'givenName' },
          { name: 'middleName' },
          { name: 'honorificPrefix' },
          { name: 'honorificSuffix' },
        ],
      },
      { name: 'displayName' },
      { name: 'nickName' },
      { name: 'title' },
      { name: 'userType' },
      { name: 'preferredLanguage' },
      { name: 'locale' },
      { name: 'timezone' },
      { name: 'active', type: 'boolean' },
      { name: 'password', mutability: 'writeOnly', returned: 'never' },
      multi('emails'),
      multi('phoneNumbers'),
      multi('roles'),
      {
        name: 'addresses',
        type: 'complex',
        multiValued: true,
        subAttributes: [
          { name: 'formatted' },
          { name: 'streetAddress' },
          { name: 'locality' },
          { name: 'region' },
          { name: 'postalCode' },
          { name: 'country' },
          { name: 'type' },
          { name: 'primary', type: 'boolean' },
        ],
      },
      {
        name: 'groups',
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [
          { name: 'value', mutability: 'readOnly' },
          {
            name: '$ref',
            type: 'reference',
            referenceTypes: ['Group'],
            mutability: 'readOnly',
          },
          { name: 'display', mutability: 'readOnly' },
          { name: 'type', mutability: 'readOnly' },
        ],
      },
    ]),
    schema(ENTERPRISE_USER, 'EnterpriseUser', [
      { name: 'employeeNumber' },
      { name: 'costCenter' },
      { name: 'organization' },
      { name: 'division' },
      { name: 'department' },
      {
        name: 'manager',
        type: 'complex',
        subAttributes: [{ name: 'value' }, { name: 'displayName', mutability: 'readOnly' }],
      },
    ]),
    schema(CORE_GROUP, 'Group', [
      { name: 'displayName', required: true },
      { name: 'externalId', caseExact: true },
      {
        name: 'members',
        type: 'complex',
        multiValued: true,
        subAttributes: [
          { name: 'value', mutability: 'immutable' },
          { name: 'display', mutability: 'readOnly' },
          { name: '$ref', type: 'reference', referenceTypes: ['User'], mutability: 'immutable' },
        ],
      },
    ]),
  ];
}

const all = (items: ScimObject[]): ListResponse =>
  listResponse(items.length, { startIndex: 1, count: items.length }, items);

export function listResourceTypes(baseUrl: string): ListResponse {
  return all(resourceTypes(baseUrl));
}

export function listSchemas(baseUrl: string): ListResponse {
  return all(schemas(baseUrl));
}

/** One resource type or schema by id, or undefined. */
export function resourceTypeById(baseUrl: string, id: string): ScimObject | undefined {
  return resourceTypes(baseUrl).find((r) => r.id === id);
}

export function schemaById(baseUrl: string, id: string): ScimObject | undefined {
  return schemas(baseUrl).find((s) => s.id === id);
}
