/**
 * Generated from the OpenAPI document of the routes (/docs/json) by scripts/apiTypes.ts:
 * do not edit. Run `npm run api:types` after changing a route schema.
 */

export interface paths {
  '/api/v1/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Store accounts, by space and priority */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          spaceId?: string;
          store?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accountType: string | null;
                appleId: string | null;
                /** @description R-T10, while status is error */
                authProblem: string | null;
                autoDistributeToAllUsers: boolean;
                clearPreviousLicenseData: boolean;
                createdAt: string;
                id: string;
                /** @description Microsoft: display language of app names */
                language: string | null;
                lastFullSyncAt: string | null;
                /** @description Last successful sync: every count is as of this time */
                lastSyncAt: string | null;
                /** @description Apple: location; Microsoft: default domain */
                locationName: string | null;
                name: string;
                nextSyncAt: string | null;
                /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
                organizationName: string | null;
                /** @description 1 = tried first among the space’s accounts (R-T9) */
                priority: number;
                /** @description ISV: the subscription’s product */
                productId: string | null;
                /** @description ISV: the product’s publisher */
                publisher: string | null;
                purchasedThrough: ('marketplace' | 'vendor') | (never | null);
                /** @description ISV: the seat count (R-T12) */
                seats: number | null;
                spaceId: string;
                /** @enum {unknown} */
                status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
                statusReason: string | null;
                /** @description apple, microsoft or isv */
                store: string;
                syncIntervalMinutes: number;
                /** @description Microsoft: the bound directory (R-T11) */
                tenantDirectoryId: string | null;
                tokenCreatedAt: string | null;
                /** @description Apple: token expiry; Microsoft: client secret expiry */
                tokenExpiresAt: string | null;
                /** @description Licences the store holds for this token that another product assigned (R-T5) */
                untrackedLicenses: number;
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Add an Apple location (R-T2, R-T3), the tenant’s Microsoft Store account (R-T11) or an ISV subscription (R-T12)
     * @description Apple: Warning: Use this token in Allot only. A location token used by two management products makes them overwrite each other, and licence assignments are lost. Apple and Microsoft accounts queue their first full sync (syncJobId). Microsoft: the credentials are checked with the store; a tenant has one Microsoft Store account and cannot be bound to another (409 MICROSOFT_ACCOUNT_EXISTS). ISV: the subscription’s product and its pool of `seats` are created at once.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json':
            | {
                accountType: 'business' | 'education';
                /** Format: email */
                appleId: string;
                /** @default true */
                autoDistributeToAllUsers?: boolean;
                /** @default false */
                clearPreviousLicenseData?: boolean;
                name: string;
                spaceId?: string;
                /** @enum {string} */
                store: 'apple';
                /** @description The content of the .vpptoken file (never returned) */
                token: string;
              }
            | {
                clientId: string;
                /** @description The management app’s client secret (never returned) */
                clientSecret: string;
                /** @description RFC 4646 tag of the display language of app names, e.g. en-US (R-T11) */
                language: string;
                name: string;
                /** @enum {string} */
                store: 'microsoft';
                /** @description The Entra ID directory (tenant) ID or its domain */
                tenantDirectoryId: string;
              }
            | {
                costPerSeat?: {
                  /** @description Minor units (cents) */
                  amount: number;
                  currency: string;
                };
                name: string;
                productName: string;
                publisher: string;
                purchasedThrough: 'marketplace' | 'vendor';
                seats: number;
                spaceId?: string;
                /** @enum {string} */
                store: 'isv';
              };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountType: string | null;
              appleId: string | null;
              /** @description R-T10, while status is error */
              authProblem: string | null;
              autoDistributeToAllUsers: boolean;
              clearPreviousLicenseData: boolean;
              createdAt: string;
              id: string;
              /** @description Microsoft: display language of app names */
              language: string | null;
              lastFullSyncAt: string | null;
              /** @description Last successful sync: every count is as of this time */
              lastSyncAt: string | null;
              /** @description Apple: location; Microsoft: default domain */
              locationName: string | null;
              name: string;
              nextSyncAt: string | null;
              /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
              organizationName: string | null;
              /** @description 1 = tried first among the space’s accounts (R-T9) */
              priority: number;
              /** @description ISV: the subscription’s product */
              productId: string | null;
              /** @description ISV: the product’s publisher */
              publisher: string | null;
              purchasedThrough: ('marketplace' | 'vendor') | (never | null);
              /** @description ISV: the seat count (R-T12) */
              seats: number | null;
              spaceId: string;
              /** @enum {unknown} */
              status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
              statusReason: string | null;
              /** @description apple, microsoft or isv */
              store: string;
              syncIntervalMinutes: number;
              /** @description Microsoft: the bound directory (R-T11) */
              tenantDirectoryId: string | null;
              tokenCreatedAt: string | null;
              /** @description Apple: token expiry; Microsoft: client secret expiry */
              tokenExpiresAt: string | null;
              /** @description Licences the store holds for this token that another product assigned (R-T5) */
              untrackedLicenses: number;
              updatedAt: string;
            } & {
              syncJobId: string | null;
              warnings: string[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/accounts/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountType: string | null;
              appleId: string | null;
              /** @description R-T10, while status is error */
              authProblem: string | null;
              autoDistributeToAllUsers: boolean;
              clearPreviousLicenseData: boolean;
              createdAt: string;
              id: string;
              /** @description Microsoft: display language of app names */
              language: string | null;
              lastFullSyncAt: string | null;
              /** @description Last successful sync: every count is as of this time */
              lastSyncAt: string | null;
              /** @description Apple: location; Microsoft: default domain */
              locationName: string | null;
              name: string;
              nextSyncAt: string | null;
              /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
              organizationName: string | null;
              /** @description 1 = tried first among the space’s accounts (R-T9) */
              priority: number;
              /** @description ISV: the subscription’s product */
              productId: string | null;
              /** @description ISV: the product’s publisher */
              publisher: string | null;
              purchasedThrough: ('marketplace' | 'vendor') | (never | null);
              /** @description ISV: the seat count (R-T12) */
              seats: number | null;
              spaceId: string;
              /** @enum {unknown} */
              status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
              statusReason: string | null;
              /** @description apple, microsoft or isv */
              store: string;
              syncIntervalMinutes: number;
              /** @description Microsoft: the bound directory (R-T11) */
              tenantDirectoryId: string | null;
              tokenCreatedAt: string | null;
              /** @description Apple: token expiry; Microsoft: client secret expiry */
              tokenExpiresAt: string | null;
              /** @description Licences the store holds for this token that another product assigned (R-T5) */
              untrackedLicenses: number;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete an account (R-T8): revokes its licences; needs confirm=true, else 400 CONFIRMATION_REQUIRED says what is lost */
    delete: {
      parameters: {
        query?: {
          confirm?: boolean;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Rename, reorder (R-T9: renumbers 1..n, moves no licence), reschedule, or change the seats of a marketplace ISV subscription (R-T12)
     * @description seats: only ISV subscriptions bought through the marketplace (422 SEATS_READ_ONLY otherwise: contact the vendor), never below the seats in use (409 SEATS_BELOW_IN_USE).
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            priority?: number;
            seats?: number;
            syncIntervalMinutes?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountType: string | null;
              appleId: string | null;
              /** @description R-T10, while status is error */
              authProblem: string | null;
              autoDistributeToAllUsers: boolean;
              clearPreviousLicenseData: boolean;
              createdAt: string;
              id: string;
              /** @description Microsoft: display language of app names */
              language: string | null;
              lastFullSyncAt: string | null;
              /** @description Last successful sync: every count is as of this time */
              lastSyncAt: string | null;
              /** @description Apple: location; Microsoft: default domain */
              locationName: string | null;
              name: string;
              nextSyncAt: string | null;
              /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
              organizationName: string | null;
              /** @description 1 = tried first among the space’s accounts (R-T9) */
              priority: number;
              /** @description ISV: the subscription’s product */
              productId: string | null;
              /** @description ISV: the product’s publisher */
              publisher: string | null;
              purchasedThrough: ('marketplace' | 'vendor') | (never | null);
              /** @description ISV: the seat count (R-T12) */
              seats: number | null;
              spaceId: string;
              /** @enum {unknown} */
              status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
              statusReason: string | null;
              /** @description apple, microsoft or isv */
              store: string;
              syncIntervalMinutes: number;
              /** @description Microsoft: the bound directory (R-T11) */
              tenantDirectoryId: string | null;
              tokenCreatedAt: string | null;
              /** @description Apple: token expiry; Microsoft: client secret expiry */
              tokenExpiresAt: string | null;
              /** @description Licences the store holds for this token that another product assigned (R-T5) */
              untrackedLicenses: number;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/accounts/{id}/claim': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Take the token over from another management product (R-T4)
     * @description Warning: Use this token in Allot only. A location token used by two management products makes them overwrite each other, and licence assignments are lost.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountType: string | null;
              appleId: string | null;
              /** @description R-T10, while status is error */
              authProblem: string | null;
              autoDistributeToAllUsers: boolean;
              clearPreviousLicenseData: boolean;
              createdAt: string;
              id: string;
              /** @description Microsoft: display language of app names */
              language: string | null;
              lastFullSyncAt: string | null;
              /** @description Last successful sync: every count is as of this time */
              lastSyncAt: string | null;
              /** @description Apple: location; Microsoft: default domain */
              locationName: string | null;
              name: string;
              nextSyncAt: string | null;
              /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
              organizationName: string | null;
              /** @description 1 = tried first among the space’s accounts (R-T9) */
              priority: number;
              /** @description ISV: the subscription’s product */
              productId: string | null;
              /** @description ISV: the product’s publisher */
              publisher: string | null;
              purchasedThrough: ('marketplace' | 'vendor') | (never | null);
              /** @description ISV: the seat count (R-T12) */
              seats: number | null;
              spaceId: string;
              /** @enum {unknown} */
              status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
              statusReason: string | null;
              /** @description apple, microsoft or isv */
              store: string;
              syncIntervalMinutes: number;
              /** @description Microsoft: the bound directory (R-T11) */
              tenantDirectoryId: string | null;
              tokenCreatedAt: string | null;
              /** @description Apple: token expiry; Microsoft: client secret expiry */
              tokenExpiresAt: string | null;
              /** @description Licences the store holds for this token that another product assigned (R-T5) */
              untrackedLicenses: number;
              updatedAt: string;
            } & {
              syncJobId: string | null;
              warnings: string[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/accounts/{id}/seats/assign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Assign seats of an ISV subscription to users or groups (R-T12)
     * @description A group stands for its users at the time of the request. All or nothing: when the seats left cannot cover every user who needs one, 409 INSUFFICIENT_LICENSES with the forecast and the three remedies (R-A12).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            groupIds?: string[];
            userIds?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              alreadyAssigned: number;
              assigned: number;
              seats: {
                available: number;
                inUse: number;
                total: number;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/accounts/{id}/seats/unassign': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Take seats of an ISV subscription back from users or groups (R-T12)
     * @description Taking seats back from more than one user needs confirm=true (else 400 CONFIRMATION_REQUIRED).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default false */
            confirm?: boolean;
            groupIds?: string[];
            userIds?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              seats: {
                available: number;
                inUse: number;
                total: number;
              };
              unassigned: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/accounts/{id}/sync': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Sync now, or a full resync that rebuilds the counts (R-T7) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @default false */
            full?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              jobId: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/accounts/{id}/token': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /**
     * Renew the credentials in place, keeping every licence: an Apple token file (R-T6, same location), a Microsoft client secret (R-T11)
     * @description Apple: `token` (and the two options). Warning: Use this token in Allot only. A location token used by two management products makes them overwrite each other, and licence assignments are lost. Microsoft: `clientSecret` only, checked with the store first (422 INVALID_TOKEN, field clientSecret, when it refuses it; nothing changes then); the directory and client ID stay; a full sync is queued. A field the account’s store does not take is 400 UNKNOWN_FIELD.
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            autoDistributeToAllUsers?: boolean;
            clearPreviousLicenseData?: boolean;
            /** @description The management app’s client secret (never returned) */
            clientSecret?: string;
            /** @description The content of the .vpptoken file (never returned) */
            token?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountType: string | null;
              appleId: string | null;
              /** @description R-T10, while status is error */
              authProblem: string | null;
              autoDistributeToAllUsers: boolean;
              clearPreviousLicenseData: boolean;
              createdAt: string;
              id: string;
              /** @description Microsoft: display language of app names */
              language: string | null;
              lastFullSyncAt: string | null;
              /** @description Last successful sync: every count is as of this time */
              lastSyncAt: string | null;
              /** @description Apple: location; Microsoft: default domain */
              locationName: string | null;
              name: string;
              nextSyncAt: string | null;
              /** @description Apple: organisation; Microsoft: directory; ISV: publisher */
              organizationName: string | null;
              /** @description 1 = tried first among the space’s accounts (R-T9) */
              priority: number;
              /** @description ISV: the subscription’s product */
              productId: string | null;
              /** @description ISV: the product’s publisher */
              publisher: string | null;
              purchasedThrough: ('marketplace' | 'vendor') | (never | null);
              /** @description ISV: the seat count (R-T12) */
              seats: number | null;
              spaceId: string;
              /** @enum {unknown} */
              status: 'healthy' | 'syncing' | 'degraded' | 'error' | 'claimedElsewhere';
              statusReason: string | null;
              /** @description apple, microsoft or isv */
              store: string;
              syncIntervalMinutes: number;
              /** @description Microsoft: the bound directory (R-T11) */
              tenantDirectoryId: string | null;
              tokenCreatedAt: string | null;
              /** @description Apple: token expiry; Microsoft: client secret expiry */
              tokenExpiresAt: string | null;
              /** @description Licences the store holds for this token that another product assigned (R-T5) */
              untrackedLicenses: number;
              updatedAt: string;
            } & {
              syncJobId: string | null;
              warnings: string[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        503: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/activity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The activity log (R-M7); send Accept: text/csv for a CSV export of every match */
    get: {
      parameters: {
        query?: {
          action?: string;
          cursor?: string;
          limit?: number;
          since?: string;
          /** @description at (default): oldest first; -at: newest first */
          sort?: 'at' | '-at';
          subjectId?: string;
          until?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                action: string;
                actor: {
                  id: string | null;
                  name: string;
                  type: string;
                };
                after: unknown;
                at: string;
                before: unknown;
                id: string;
                /** @description What before/after refer to by id (apps, users, devices, groups, accounts, products, spaces) with their current names; a subject deleted since is left out */
                references: {
                  id: string;
                  name: string;
                  /** @enum {unknown} */
                  type:
                    'user' | 'device' | 'group' | 'account' | 'catalogApp' | 'product' | 'space';
                }[];
                spaceId: string | null;
                /** @description apple, microsoft or isv when the subject belongs to a store */
                store: string | null;
                subject: {
                  id: string;
                  name: string | null;
                  type: string;
                };
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/activity/actions': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The actions the activity log holds, for a filter to pick from (R-M7) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: string[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-tokens': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                id: string;
                lastUsedAt: string | null;
                name: string;
                /** @enum {unknown} */
                role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
                spaceId: string | null;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** Create an API token; the token is shown once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
            /** @enum {unknown} */
            role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastUsedAt: string | null;
              name: string;
              /** @enum {unknown} */
              role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
              spaceId: string | null;
            } & {
              token: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/api-tokens/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/assignments/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              catalogAppId: string;
              createdAt: string;
              deviceContext: boolean;
              excludeGroupIds: string[];
              id: string;
              /** @enum {unknown} */
              intent: 'required' | 'available' | 'uninstall';
              licenseType: ('user' | 'device') | (never | null);
              spaceId: string;
              target:
                | {
                    groupId: string;
                    /** @enum {string} */
                    type: 'group';
                  }
                | {
                    /** @enum {string} */
                    type: 'allUsers';
                  }
                | {
                    /** @enum {string} */
                    type: 'allDevices';
                  };
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Changes the intent; the app's licences are re-evaluated (R-V1, R-V7) */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            intent: 'required' | 'available' | 'uninstall';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              catalogAppId: string;
              createdAt: string;
              deviceContext: boolean;
              excludeGroupIds: string[];
              forecast: {
                /** @description null when a pool is unlimited (free app) */
                available: number | null;
                /** @description null for an unlimited (free) pool */
                exhaustion?: {
                  /** @description subjects waiting for a licence, this one included */
                  demand: number;
                  earliest: string | null;
                  latest: string | null;
                  /** @description R-X2: the day the licences run out on the trend, if this is saved */
                  runsOutOn: string | null;
                  slopePerDay: number | null;
                } | null;
                needed: number;
                shortfall: number;
              };
              id: string;
              /** @enum {unknown} */
              intent: 'required' | 'available' | 'uninstall';
              licenseType: ('user' | 'device') | (never | null);
              spaceId: string;
              target:
                | {
                    groupId: string;
                    /** @enum {string} */
                    type: 'group';
                  }
                | {
                    /** @enum {string} */
                    type: 'allUsers';
                  }
                | {
                    /** @enum {string} */
                    type: 'allDevices';
                  };
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/catalog-apps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Apps of a space and apps delegated to it; q matches the name or bundle ID */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          q?: string;
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                bundleId: string | null;
                createdAt: string;
                delegatedSpaceIds: string[];
                description: string | null;
                id: string;
                installOnDevice: boolean;
                /** @description The product's name */
                name: string;
                productId: string;
                spaceId: string;
                store: string;
                updatedAt: string;
                /** @enum {unknown} */
                updateMode: 'immediate' | 'automatic';
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            description?: string;
            installOnDevice?: boolean;
            productId: string;
            spaceId?: string;
            /** @enum {unknown} */
            updateMode?: 'immediate' | 'automatic';
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bundleId: string | null;
              createdAt: string;
              delegatedSpaceIds: string[];
              description: string | null;
              id: string;
              installOnDevice: boolean;
              /** @description The product's name */
              name: string;
              productId: string;
              spaceId: string;
              store: string;
              updatedAt: string;
              /** @enum {unknown} */
              updateMode: 'immediate' | 'automatic';
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bundleId: string | null;
              createdAt: string;
              delegatedSpaceIds: string[];
              description: string | null;
              id: string;
              installOnDevice: boolean;
              /** @description The product's name */
              name: string;
              productId: string;
              spaceId: string;
              store: string;
              updatedAt: string;
              /** @enum {unknown} */
              updateMode: 'immediate' | 'automatic';
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Deletes the app from the catalog; its licences are revoked (R-V2, R-V5) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            description?: string | null;
            installOnDevice?: boolean;
            /** @enum {unknown} */
            updateMode?: 'immediate' | 'automatic';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bundleId: string | null;
              createdAt: string;
              delegatedSpaceIds: string[];
              description: string | null;
              id: string;
              installOnDevice: boolean;
              /** @description The product's name */
              name: string;
              productId: string;
              spaceId: string;
              store: string;
              updatedAt: string;
              /** @enum {unknown} */
              updateMode: 'immediate' | 'automatic';
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/activity': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-M4: the activity of the app and of its licences */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                action: string;
                actor: {
                  id: string | null;
                  name: string;
                  type: string;
                };
                after: unknown;
                at: string;
                before: unknown;
                id: string;
                spaceId: string | null;
                /** @description apple, microsoft or isv when the subject belongs to a store */
                store: string | null;
                subject: {
                  id: string;
                  name: string | null;
                  type: string;
                };
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/assignments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                catalogAppId: string;
                createdAt: string;
                deviceContext: boolean;
                excludeGroupIds: string[];
                id: string;
                /** @enum {unknown} */
                intent: 'required' | 'available' | 'uninstall';
                licenseType: ('user' | 'device') | (never | null);
                spaceId: string;
                target:
                  | {
                      groupId: string;
                      /** @enum {string} */
                      type: 'group';
                    }
                  | {
                      /** @enum {string} */
                      type: 'allUsers';
                    }
                  | {
                      /** @enum {string} */
                      type: 'allDevices';
                    };
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** R-A11, R-A12: assigns the app, with the forecast; 409 INSUFFICIENT_LICENSES where the store blocks a shortfall */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            deviceContext?: boolean;
            excludeGroupIds?: string[];
            /** @enum {unknown} */
            intent: 'required' | 'available' | 'uninstall';
            /** @enum {unknown} */
            licenseType?: 'user' | 'device';
            spaceId?: string;
            target:
              | {
                  groupId: string;
                  /** @enum {string} */
                  type: 'group';
                }
              | {
                  /** @enum {string} */
                  type: 'allUsers';
                }
              | {
                  /** @enum {string} */
                  type: 'allDevices';
                };
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              catalogAppId: string;
              createdAt: string;
              deviceContext: boolean;
              excludeGroupIds: string[];
              forecast: {
                /** @description null when a pool is unlimited (free app) */
                available: number | null;
                /** @description null for an unlimited (free) pool */
                exhaustion?: {
                  /** @description subjects waiting for a licence, this one included */
                  demand: number;
                  earliest: string | null;
                  latest: string | null;
                  /** @description R-X2: the day the licences run out on the trend, if this is saved */
                  runsOutOn: string | null;
                  slopePerDay: number | null;
                } | null;
                needed: number;
                shortfall: number;
              };
              id: string;
              /** @enum {unknown} */
              intent: 'required' | 'available' | 'uninstall';
              licenseType: ('user' | 'device') | (never | null);
              spaceId: string;
              target:
                | {
                    groupId: string;
                    /** @enum {string} */
                    type: 'group';
                  }
                | {
                    /** @enum {string} */
                    type: 'allUsers';
                  }
                | {
                    /** @enum {string} */
                    type: 'allDevices';
                  };
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/assignments/forecast': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** R-A12: the forecast of an assignment, nothing saved; `blocked` when saving it would be refused */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            deviceContext?: boolean;
            excludeGroupIds?: string[];
            /** @enum {unknown} */
            intent: 'required' | 'available' | 'uninstall';
            /** @enum {unknown} */
            licenseType?: 'user' | 'device';
            spaceId?: string;
            target:
              | {
                  groupId: string;
                  /** @enum {string} */
                  type: 'group';
                }
              | {
                  /** @enum {string} */
                  type: 'allUsers';
                }
              | {
                  /** @enum {string} */
                  type: 'allDevices';
                };
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              blocked: boolean;
              forecast: {
                /** @description null when a pool is unlimited (free app) */
                available: number | null;
                /** @description null for an unlimited (free) pool */
                exhaustion?: {
                  /** @description subjects waiting for a licence, this one included */
                  demand: number;
                  earliest: string | null;
                  latest: string | null;
                  /** @description R-X2: the day the licences run out on the trend, if this is saved */
                  runsOutOn: string | null;
                  slopePerDay: number | null;
                } | null;
                needed: number;
                shortfall: number;
              };
              store: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        422: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/delegations': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            spaceId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bundleId: string | null;
              createdAt: string;
              delegatedSpaceIds: string[];
              description: string | null;
              id: string;
              installOnDevice: boolean;
              /** @description The product's name */
              name: string;
              productId: string;
              spaceId: string;
              store: string;
              updatedAt: string;
              /** @enum {unknown} */
              updateMode: 'immediate' | 'automatic';
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/delegations/{spaceId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    /** Withdraws the delegation; the licences held in that space are revoked (R-V5) */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          spaceId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/deletion-preview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** What deleting the app would do, counted without changing anything */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Assignments deleted with the app */
              assignments: number;
              /** @description Why DELETE would be refused (e.g. STORE_MANAGED_APP); null when allowed */
              blockedBy: {
                code: string;
                message: string;
              } | null;
              catalogAppId: string;
              delegatedSpaceIds: string[];
              /** @description Entries of its distribution lists (R-A3) */
              distributionEntries: number;
              /** @description Installs not yet removed: iOS/iPadOS uninstall, macOS keeps the app (R-V5) */
              installs: number;
              /** @description Active licences deleting revokes (R-V2) */
              licensesToRevoke: number;
              name: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/distribution': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-A3: the lists of the app on every account holding its product */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accountId: string;
                accountName: string;
                autoDistributeToAllUsers: boolean;
                /** @description Groups served first-come-first-served; `allUsers` is the All Users group */
                fcfsGroupIds: string[];
                pool: {
                  available: number | null;
                  inUse: number;
                  reserved: number;
                  total: number;
                };
                priority: number;
                prohibitedUserIds: string[];
                reservedDeviceIds: string[];
                reservedUserIds: string[];
                /** @enum {unknown} */
                source: 'explicit' | 'accountDefault';
                spaceId: string;
                store: string;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/distribution/{accountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    /** R-A3: replaces the lists of the app on one account (an omitted list is empty) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            fcfsGroupIds?: string[];
            prohibitedUserIds?: string[];
            reservedDeviceIds?: string[];
            reservedUserIds?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              accountName: string;
              autoDistributeToAllUsers: boolean;
              /** @description Groups served first-come-first-served; `allUsers` is the All Users group */
              fcfsGroupIds: string[];
              pool: {
                available: number | null;
                inUse: number;
                reserved: number;
                total: number;
              };
              priority: number;
              prohibitedUserIds: string[];
              reservedDeviceIds: string[];
              reservedUserIds: string[];
              /** @enum {unknown} */
              source: 'explicit' | 'accountDefault';
              spaceId: string;
              store: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/licenses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-M4: licence usage of the app per account; one tab per distribution type; q matches user names */
    get: {
      parameters: {
        query?: {
          accountId?: string;
          cursor?: string;
          distribution?: 'fcfs' | 'reserved' | 'prohibited';
          limit?: number;
          q?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accounts: {
                accountId: string;
                asOf: string | null;
                available: number | null;
                inUse: number;
                licenses: {
                  fcfs: number;
                  reserved: number;
                };
                name: string;
                prohibitedUsers: number;
                reserved: number;
                spaceId: string;
                total: number;
              }[];
              items: {
                accountId: string;
                assignedAt: string | null;
                /** @enum {unknown} */
                distribution: 'fcfs' | 'reserved' | 'prohibited';
                lastAction: string | null;
                license: {
                  accountId: string;
                  assignedAt: string;
                  catalogAppId: string | null;
                  /** @enum {unknown} */
                  distribution: 'fcfs' | 'reserved';
                  graceUntil: string | null;
                  id: string;
                  lastAction: string;
                  /** @enum {unknown} */
                  licenseType: 'user' | 'device';
                  productId: string;
                  /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
                  restorableUntil: string | null;
                  revokedAt: string | null;
                  serialNumber: string | null;
                  spaceId: string;
                  /** @enum {unknown} */
                  state: 'active' | 'revoked';
                  /** @description apple, microsoft or isv */
                  store: string;
                  /** @description pending until the store confirmed the licence; confirmed; refused */
                  storeState: string;
                  subject: {
                    id: string;
                    name: string;
                    /** @enum {unknown} */
                    type: 'user' | 'device';
                  };
                } | null;
                licenseType: ('user' | 'device') | (never | null);
                subject: {
                  id: string;
                  name: string;
                  /** @enum {unknown} */
                  type: 'user' | 'device';
                };
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/catalog-apps/{id}/revoke-all': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke every licence of the app across every account (R-V3) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              revoked: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/check-in': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * A device checks in: decides every app that targets it and returns the commands for the MDM
     * @description Call it at each check-in of a device (by serial number) with the apps it reports installed. Allot decides every app that targets the device (R-A1–A10): which licence it gets, or why not, and answers the install, update and uninstall commands to send, and the state of each app. The first check-in of a new device usually answers `install` commands with the apps `pending`; reporting them installed moves them to `installed` and answers no command. Devices managed through an MDM connector are checked in by Allot itself (R-I4).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description The apps the device reports installed; those Allot manages move to `installed` */
            installed?: {
              bundleId: string;
              version?: string;
            }[];
            serialNumber: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Every app that targets the device (or did), with its state */
              apps: {
                catalogAppId: string;
                /** @description Why the app is in this state, when it is not plain: a code */
                reason: string | null;
                /**
                 * @description The state of the app on this device. `pending`: a licence is held and the install was sent, not yet reported done; `installed`: the device reports it (in `installed` or an `installed` event); `awaitingEnrolment`: a user licence waits for the primary user to join the store (the invitation is out); `noLicense`: no licence could be given (`reason` says why, e.g. `noLicenseAvailable`, `purchaseRequired`); `failed`: the MDM reported the install failed (`reason` carries its detail); `uninstallPending`: an uninstall was sent, not yet reported done; `removed`: the app was uninstalled and its licence released.
                 * @enum {unknown}
                 */
                state:
                  | 'pending'
                  | 'installed'
                  | 'awaitingEnrolment'
                  | 'noLicense'
                  | 'failed'
                  | 'uninstallPending'
                  | 'removed';
              }[];
              /** @description What the MDM should send the device now, in this order */
              commands: {
                bundleId: string | null;
                catalogAppId: string;
                licenseType: ('user' | 'device') | (never | null);
                /** @description The store's id: Apple's adamId */
                storeProductId: string;
                /**
                 * @description `install`: install the app (its licence is held for this device or its user); `update`: the device reports an older version than the store has; `uninstall`: remove it (an uninstall assignment, or the app no longer targets the device).
                 * @enum {unknown}
                 */
                type: 'install' | 'uninstall' | 'update';
              }[];
              deviceId: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/costs': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X5: cost of the licences held and of the idle ones, per group and currency; send Accept: text/csv for CSV */
    get: {
      parameters: {
        query: {
          groupBy: 'store' | 'account' | 'space' | 'app';
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @enum {unknown} */
              groupBy: 'store' | 'account' | 'space' | 'app';
              items: {
                currency: string | null;
                held: {
                  amount: number | null;
                  count: number;
                };
                idle: {
                  amount: number | null;
                  count: number;
                };
                /** @description The store, account ID, space ID or product ID */
                key: string;
                name: string;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The devices of a space (or all the actor sees), filtered, sorted and paged */
    get: {
      parameters: {
        query?: {
          /** @description The `nextCursor` of the previous page, with the same `sort` and filters */
          cursor?: string;
          limit?: number;
          platform?: 'ios' | 'ipados' | 'macos' | 'windows';
          primaryUserId?: string;
          /** @description Part of the name or serial number */
          q?: string;
          /** @description The order: one of `name`, `serialNumber`, `platform`, `state`, `lastCheckInAt`; a leading `-` sorts descending. Ties, and no sort, go by ID (creation order). An unknown field is 400 VALIDATION_FAILED. */
          sort?: string;
          spaceId?: string;
          state?: 'active' | 'retired' | 'wiped' | 'unenrolled';
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                id: string;
                lastCheckInAt: string | null;
                name: string | null;
                /** @enum {unknown} */
                platform: 'ios' | 'ipados' | 'macos' | 'windows';
                primaryUserId: string | null;
                serialNumber: string;
                shared: boolean;
                spaceId: string;
                /** @description One of active, retired, wiped, unenrolled */
                state: string;
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
            /** @enum {unknown} */
            platform: 'ios' | 'ipados' | 'macos' | 'windows';
            primaryUserId?: string;
            serialNumber: string;
            shared?: boolean;
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string | null;
            /** @enum {unknown} */
            platform?: 'ios' | 'ipados' | 'macos' | 'windows';
            primaryUserId?: string | null;
            shared?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/devices/{id}/apps': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A device's managed apps with their licences (R-M3); q matches name or bundle ID */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          q?: string;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                bundleId: string | null;
                catalogAppId: string;
                installedAt: string | null;
                license: {
                  accountId: string;
                  assignedAt: string;
                  catalogAppId: string | null;
                  /** @enum {unknown} */
                  distribution: 'fcfs' | 'reserved';
                  graceUntil: string | null;
                  id: string;
                  lastAction: string;
                  /** @enum {unknown} */
                  licenseType: 'user' | 'device';
                  productId: string;
                  /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
                  restorableUntil: string | null;
                  revokedAt: string | null;
                  serialNumber: string | null;
                  spaceId: string;
                  /** @enum {unknown} */
                  state: 'active' | 'revoked';
                  /** @description apple, microsoft or isv */
                  store: string;
                  /** @description pending until the store confirmed the licence; confirmed; refused */
                  storeState: string;
                  subject: {
                    id: string;
                    name: string;
                    /** @enum {unknown} */
                    type: 'user' | 'device';
                  };
                } | null;
                name: string;
                platforms: string[];
                productId: string;
                reason: string | null;
                size: number | null;
                source: string;
                state: string;
                /** @description apple, microsoft or isv */
                store: string;
                version: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/enrol': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Enrol a retired, wiped or unenrolled device again */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The MDM reports what happened to an app on the device
     * @description `installed`: the app is on the device (state `installed`); `uninstalled`: it was removed (state `removed`, its licence released when it was being uninstalled); `installFailed`: the install failed (state `failed`, `reason` = `detail`).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            catalogAppId: string;
            /** @description The MDM's words, kept as the reason */
            detail?: string;
            /** @enum {unknown} */
            type: 'installed' | 'uninstalled' | 'installFailed';
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              catalogAppId: string;
              reason: string | null;
              /** @description The state of the app on this device. `pending`: a licence is held and the install was sent, not yet reported done; `installed`: the device reports it (in `installed` or an `installed` event); `awaitingEnrolment`: a user licence waits for the primary user to join the store (the invitation is out); `noLicense`: no licence could be given (`reason` says why, e.g. `noLicenseAvailable`, `purchaseRequired`); `failed`: the MDM reported the install failed (`reason` carries its detail); `uninstallPending`: an uninstall was sent, not yet reported done; `removed`: the app was uninstalled and its licence released. */
              state: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/install-requests': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * The device's user asks for an available app (R-A6)
     * @description For an app assigned `available` to the device or its user: Allot gives a licence when it can and answers the install command (state `pending`); when none can be given the state is `noLicense` with reason `purchaseRequired` and no command (R-A6).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "catalogAppId": "0193a1f2-5a02-7f10-a3b4-c5d6e7f8a9b0"
           *     }
           */
          'application/json': {
            catalogAppId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /**
               * @example {
               *       "type": "install",
               *       "catalogAppId": "0193a1f2-5a01-7d4e-9b2c-7e8f9a0b1c2d",
               *       "storeProductId": "361309726",
               *       "bundleId": "com.apple.Pages",
               *       "licenseType": "device"
               *     }
               */
              command: {
                bundleId: string | null;
                catalogAppId: string;
                licenseType: ('user' | 'device') | (never | null);
                /** @description The store's id: Apple's adamId */
                storeProductId: string;
                /**
                 * @description `install`: install the app (its licence is held for this device or its user); `update`: the device reports an older version than the store has; `uninstall`: remove it (an uninstall assignment, or the app no longer targets the device).
                 * @enum {unknown}
                 */
                type: 'install' | 'uninstall' | 'update';
              } | null;
              reason: string | null;
              /**
               * @description The state of the app on this device. `pending`: a licence is held and the install was sent, not yet reported done; `installed`: the device reports it (in `installed` or an `installed` event); `awaitingEnrolment`: a user licence waits for the primary user to join the store (the invitation is out); `noLicense`: no licence could be given (`reason` says why, e.g. `noLicenseAvailable`, `purchaseRequired`); `failed`: the MDM reported the install failed (`reason` carries its detail); `uninstallPending`: an uninstall was sent, not yet reported done; `removed`: the app was uninstalled and its licence released.
               * @enum {unknown}
               */
              state:
                | 'pending'
                | 'installed'
                | 'awaitingEnrolment'
                | 'noLicense'
                | 'failed'
                | 'uninstallPending'
                | 'removed';
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/mdm-commands': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The MDM commands sent for a device through its MDM connector, and each one's progress (R-I4) */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                attempts: number;
                catalogAppId: string;
                commandUuid: string;
                createdAt: string;
                detail: string | null;
                enrollmentId: string;
                id: string;
                lastError: string | null;
                nextAttemptAt: string | null;
                /**
                 * @description `waitingLicense`: an install waits for the store to associate its licence; `queued`: due to be sent to the MDM; `sent`: the MDM stored it (and pushed the device); `notNow`: the device deferred it; `acknowledged`: the device accepted it, not yet reported done; `installed` / `removed`: done (`Managed` only counts as installed); `answered`: a query answered; `failed`: the device refused it (`detail`: Apple’s error chain); `refused`: the MDM would not take it (`detail`: its answer); `cancelled`: no longer wanted before it was sent; `replaced`: sent again under a new CommandUUID after a re-enrolment.
                 * @enum {unknown}
                 */
                progress:
                  | 'waitingLicense'
                  | 'queued'
                  | 'sent'
                  | 'notNow'
                  | 'acknowledged'
                  | 'installed'
                  | 'removed'
                  | 'answered'
                  | 'failed'
                  | 'refused'
                  | 'cancelled'
                  | 'replaced';
                requestType: string;
                resultStatus: string | null;
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/move': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Move the device to another space (R-V6) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            spaceId: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              allocated: number;
              noLicense: number;
              revoked: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/retire': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Retire the device: its device licences are revoked (R-V2) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            } & {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/unenroll': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Unenroll the device: its device licences are revoked (R-V2) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            } & {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/{id}/wipe': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Wipe the device: its device licences are revoked (R-V2) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              lastCheckInAt: string | null;
              name: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId: string | null;
              serialNumber: string;
              shared: boolean;
              spaceId: string;
              /** @description One of active, retired, wiped, unenrolled */
              state: string;
              updatedAt: string;
            } & {
              revokedLicenses: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/devices/bulk': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Upsert an MDM's device inventory by serial number, with a dry run
     * @description Each serial number new to the tenant creates a device in the space (default: the default space); one of the space gets the fields sent (platform, and name, primaryUserId, shared when sent), whatever its state: an inventory is not an enrolment. A serial held in another space, or a primary user not found or of another space, is an error of that item only (action "error"). A serial listed twice is 400 DUPLICATE_SERIAL_NUMBER. dryRun: the same answer, nothing written. At most 1000 devices per request.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            devices: {
              name?: string | null;
              /** @enum {unknown} */
              platform: 'ios' | 'ipados' | 'macos' | 'windows';
              primaryUserId?: string | null;
              serialNumber: string;
              shared?: boolean;
            }[];
            dryRun?: boolean;
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              created: number;
              dryRun: boolean;
              errors: number;
              items: {
                /** @enum {unknown} */
                action: 'create' | 'update' | 'unchanged' | 'error';
                deviceId: string | null;
                error: {
                  code: string;
                  field?: string;
                  message: string;
                } | null;
                serialNumber: string;
              }[];
              unchanged: number;
              updated: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/drift': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X7: the last comparison of the ledger with each store (allot verify): its differences per store account */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              checkedAt: string | null;
              clean: boolean | null;
              ledger: {
                accountId: string | null;
                kind: string;
                message: string;
                subjectId: string;
              }[];
              stores: {
                accountId: string;
                differences: {
                  accountId: string | null;
                  kind: string;
                  message: string;
                  subjectId: string;
                }[];
                name: string;
                spaceId: string;
                /** @enum {unknown} */
                state: 'clean' | 'drift' | 'unreachable';
                store: string;
              }[];
              trigger: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/drift/check': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** R-X7: queues a comparison with every store now; follow it with GET /jobs/{id}, then GET /drift */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        202: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              jobId: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/forecasts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X2: when each pool runs out (earliest–latest), from the recent trend and the subjects waiting for a licence */
    get: {
      parameters: {
        query?: {
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accountId: string;
                accountName: string;
                /** @description Subjects waiting for a licence of this pool */
                demand: number;
                /** @description YYYY-MM-DD (UTC) */
                earliest: string | null;
                inUse: number;
                /** @description YYYY-MM-DD (UTC) */
                latest: string | null;
                poolId: string;
                productId: string;
                productName: string;
                reserved: number;
                /** @description YYYY-MM-DD (UTC) */
                runsOutOn: string | null;
                /** @description The fitted growth, seats per day */
                slopePerDay: number | null;
                spaceId: string;
                total: number;
                unlimited: boolean;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          cursor?: string;
          kind?: 'user' | 'device' | 'mixed';
          limit?: number;
          q?: string;
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                id: string;
                /** @enum {unknown} */
                kind: 'user' | 'device' | 'mixed';
                memberCount: number;
                name: string;
                spaceId: string;
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @enum {unknown} */
            kind: 'user' | 'device' | 'mixed';
            name: string;
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'user' | 'device' | 'mixed';
              memberCount: number;
              name: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'user' | 'device' | 'mixed';
              memberCount: number;
              name: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'user' | 'device' | 'mixed';
              memberCount: number;
              name: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/groups/{id}/assignments': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The assignments that target the group or exclude it: those a membership change re-evaluates */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                appName: string;
                catalogAppId: string;
                /** @description true: the assignment leaves the group out */
                excluded: boolean;
                id: string;
                intent: string;
                licenseType: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups/{id}/members': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                addedAt: string;
                id: string;
                name: string;
                type: 'user' | 'device';
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            deviceIds?: string[];
            userIds?: string[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              added: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/groups/{id}/members/{memberId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
          memberId: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/jobs/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A background job, e.g. a sync started with POST /accounts/{id}/sync */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              error: string | null;
              finishedAt: string | null;
              id: string;
              kind: string;
              progress: number;
              /** @description What the job did, once it succeeded */
              result: unknown;
              startedAt: string | null;
              /** @enum {unknown} */
              state: 'queued' | 'running' | 'succeeded' | 'failed';
              subjectId: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          accountId?: string;
          cursor?: string;
          limit?: number;
          productId?: string;
          /** @description R-X3: only the licences a reclaim policy took back that can still be restored */
          restorable?: boolean;
          spaceId?: string;
          state?: 'active' | 'revoked';
          subjectId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accountId: string;
                assignedAt: string;
                catalogAppId: string | null;
                /** @enum {unknown} */
                distribution: 'fcfs' | 'reserved';
                graceUntil: string | null;
                id: string;
                lastAction: string;
                /** @enum {unknown} */
                licenseType: 'user' | 'device';
                productId: string;
                /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
                restorableUntil: string | null;
                revokedAt: string | null;
                serialNumber: string | null;
                spaceId: string;
                /** @enum {unknown} */
                state: 'active' | 'revoked';
                /** @description apple, microsoft or isv */
                store: string;
                /** @description pending until the store confirmed the licence; confirmed; refused */
                storeState: string;
                subject: {
                  id: string;
                  name: string;
                  /** @enum {unknown} */
                  type: 'user' | 'device';
                };
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              assignedAt: string;
              catalogAppId: string | null;
              /** @enum {unknown} */
              distribution: 'fcfs' | 'reserved';
              graceUntil: string | null;
              id: string;
              lastAction: string;
              /** @enum {unknown} */
              licenseType: 'user' | 'device';
              productId: string;
              /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
              restorableUntil: string | null;
              revokedAt: string | null;
              serialNumber: string | null;
              spaceId: string;
              /** @enum {unknown} */
              state: 'active' | 'revoked';
              /** @description apple, microsoft or isv */
              store: string;
              /** @description pending until the store confirmed the licence; confirmed; refused */
              storeState: string;
              subject: {
                id: string;
                name: string;
                /** @enum {unknown} */
                type: 'user' | 'device';
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses/{id}/restore': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** R-X3: restores a reclaimed licence while its grace runs */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              assignedAt: string;
              catalogAppId: string | null;
              /** @enum {unknown} */
              distribution: 'fcfs' | 'reserved';
              graceUntil: string | null;
              id: string;
              lastAction: string;
              /** @enum {unknown} */
              licenseType: 'user' | 'device';
              productId: string;
              /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
              restorableUntil: string | null;
              revokedAt: string | null;
              serialNumber: string | null;
              spaceId: string;
              /** @enum {unknown} */
              state: 'active' | 'revoked';
              /** @description apple, microsoft or isv */
              store: string;
              /** @description pending until the store confirmed the licence; confirmed; refused */
              storeState: string;
              subject: {
                id: string;
                name: string;
                /** @enum {unknown} */
                type: 'user' | 'device';
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses/{id}/revoke': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Revoke one licence (R-V3); the seat returns at once, iOS apps keep working 30 days */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accountId: string;
              assignedAt: string;
              catalogAppId: string | null;
              /** @enum {unknown} */
              distribution: 'fcfs' | 'reserved';
              graceUntil: string | null;
              id: string;
              lastAction: string;
              /** @enum {unknown} */
              licenseType: 'user' | 'device';
              productId: string;
              /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
              restorableUntil: string | null;
              revokedAt: string | null;
              serialNumber: string | null;
              spaceId: string;
              /** @enum {unknown} */
              state: 'active' | 'revoked';
              /** @description apple, microsoft or isv */
              store: string;
              /** @description pending until the store confirmed the licence; confirmed; refused */
              storeState: string;
              subject: {
                id: string;
                name: string;
                /** @enum {unknown} */
                type: 'user' | 'device';
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses/overview': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-M1: licences per product and per account; sort by usage (most used first) or name, -usage or -name for the reverse; q matches the name or bundle ID */
    get: {
      parameters: {
        query?: {
          accountId?: string;
          cursor?: string;
          limit?: number;
          q?: string;
          sort?: 'usage' | 'name' | '-usage' | '-name';
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accounts: {
                  accountId: string;
                  asOf: string | null;
                  available: number | null;
                  inUse: number;
                  name: string;
                  reserved: number;
                  spaceId: string;
                  total: number;
                }[];
                asOf: string | null;
                available: number | null;
                costPerLicense: {
                  amount: number;
                  currency: string;
                } | null;
                inUse: number;
                name: string;
                productId: string;
                reserved: number;
                store: string;
                total: number;
                usagePercent: number;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/licenses/overview/accounts': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Per store account of the space: the apps it holds and its licences (free apps apart) */
    get: {
      parameters: {
        query?: {
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                accountId: string;
                apps: number;
                asOf: string | null;
                available: number;
                /** @description Apps with unlimited (free) licences */
                freeApps: number;
                /** @description Licences in use of the free apps */
                freeInUse: number;
                inUse: number;
                reserved: number;
                /** @description Licences of the paid apps */
                total: number;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mdm-connectors': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                apiUrl: string;
                createdAt: string;
                id: string;
                /** @enum {unknown} */
                kind: 'nanomdm';
                lastEventAt: string | null;
                name: string;
                signatureRequired: boolean;
                spaceId: string;
                /** @enum {unknown} */
                status: 'awaitingEvents' | 'receiving';
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /** R-I4: connect an MDM (NanoMDM); the webhook URL and secret are shown once */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description NanoMDM's -api key (HTTP Basic password). Encrypted at rest, never returned. */
            apiKey: string;
            /** @description The MDM's API base URL (NanoMDM: its server URL; enqueue and push paths are appended). R-S5: a non-public address is refused (400 PRIVATE_TARGET) unless the operator allows it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS). */
            apiUrl: string;
            /** @enum {unknown} */
            kind: 'nanomdm';
            name: string;
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiUrl: string;
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'nanomdm';
              lastEventAt: string | null;
              name: string;
              signatureRequired: boolean;
              spaceId: string;
              /** @enum {unknown} */
              status: 'awaitingEvents' | 'receiving';
              updatedAt: string;
              /** @description The HMAC key NanoMDM signs events with (-webhook-hmac-key; header X-Hmac-Signature). Shown once; stored encrypted. */
              webhookSecret: string;
              /** @description Where the MDM posts its events (NanoMDM -webhook-url), on ALLOT_PUBLIC_URL (only the path when that is not set). It carries the connector token: shown once. */
              webhookUrl: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/mdm-connectors/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiUrl: string;
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'nanomdm';
              lastEventAt: string | null;
              name: string;
              signatureRequired: boolean;
              spaceId: string;
              /** @enum {unknown} */
              status: 'awaitingEvents' | 'receiving';
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Rename, change the API URL (checked as on creation, R-S5) or replace the API key */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description NanoMDM's -api key (HTTP Basic password). Encrypted at rest, never returned. */
            apiKey?: string;
            /** @description The MDM's API base URL (NanoMDM: its server URL; enqueue and push paths are appended). R-S5: a non-public address is refused (400 PRIVATE_TARGET) unless the operator allows it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS). */
            apiUrl?: string;
            name?: string;
            /** @description Refuse unsigned events (set by itself once the MDM has signed one) */
            signatureRequired?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              apiUrl: string;
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind: 'nanomdm';
              lastEventAt: string | null;
              name: string;
              signatureRequired: boolean;
              spaceId: string;
              /** @enum {unknown} */
              status: 'awaitingEvents' | 'receiving';
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/mdm-events/{token}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * An MDM connector's webhook: NanoMDM / MicroMDM events (the token is its secret)
     * @description The JSON events NanoMDM sends (MicroMDM format): mdm.Authenticate, mdm.TokenUpdate, mdm.CheckOut, mdm.Connect (command results) and the other check-in topics, with raw_payload the base64 of the device plist. X-Hmac-Signature (base64 HMAC-SHA256 of the raw body with the webhookSecret) is checked when sent and required once sent. 200 for every authentic, well-formed event (ignored ones and repeats included); 401 on a wrong token or signature; 400 on bad JSON, base64 or plist, or an unknown topic. An event as NanoMDM posts it (an iPad enrolling; raw_payload shortened): `{"topic": "mdm.Authenticate", "event_id": "5c0ffee15eed0001", "created_at": "2026-06-01T09:15:02Z", "checkin_event": {"udid": "00008110-000A1B2C3D4E5F60", "ids": {"id": "00008110-000A1B2C3D4E5F60", "type": "Device"}, "url_params": null, "raw_payload": "PD94bWwgdmVyc2lvbj0iMS4wIi…"}}`, where raw_payload decodes to the plist of MessageType Authenticate, UDID, SerialNumber, ProductName, OSVersion, Topic. `outcome` says what the event did: e.g. deviceCreated or deviceReactivated (Authenticate), enrolled (TokenUpdate), deviceUnenrolled (CheckOut), installed, failed or notNow (a command result), idle, duplicate (a repeat), ignored.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          token: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description True when this event was handled before: nothing changed */
              duplicate: boolean;
              /** @description What the event did (see above) */
              outcome: string;
              received: boolean;
              topic: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        429: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/me': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The calling token: its tenant, role, space and the role's permissions */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description What the role may change (R-S1); every role may read */
              permissions: (
                | 'tenant:admin'
                | 'directory:write'
                | 'accounts:write'
                | 'licenses:write'
                | 'catalog:write'
                | 'distribution:write'
                | 'assignments:write'
                | 'devices:checkin'
                | 'monitoring:write'
              )[];
              /** @enum {unknown} */
              role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
              /** @description The space the token is confined to; null for the whole tenant */
              spaceId: string | null;
              tenantId: string;
              tokenId: string | null;
              tokenName: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notification-recipients': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /**
     * The addresses that receive notification digests, with their delivery state
     * @description Each notification raised (R-M5 usage, R-T10 token expiry, authentication errors, store refusals, forecasts, drift…) of a chosen kind, in the recipient’s scope, is e-mailed in a digest: one message holding everything pending (kind, severity, subject, message, remedy, time), at most one per recipient per hour. A digest the SMTP server does not accept is retried (1 minute doubling to 1 hour) until it is: nothing is lost. Space-scoped tokens see and manage only their own space’s recipients.
     */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                email: string;
                /** @description false when the deployment has no SMTP server (ALLOT_SMTP_URL, ALLOT_SMTP_FROM): the recipient is kept and its notifications wait, and nothing is sent until the operator sets one */
                emailConfigured: boolean;
                id: string;
                kinds: (
                  | '*'
                  | 'usage'
                  | 'tokenExpiring'
                  | 'authError'
                  | 'syncFailed'
                  | 'storeRefused'
                  | 'forecast'
                  | 'drift'
                  | 'mdmCommandRefused'
                )[];
                /** @description When the last digest was accepted */
                lastDigestAt: string | null;
                /** @description Why the last attempt failed (the SMTP server’s answer) */
                lastError: string | null;
                /** @description With notifications pending: when the next digest goes (an hour after the last, or a retry after a failure); null = within the minute */
                nextDigestAt: string | null;
                /** @description Notifications waiting for the next digest */
                pending: number;
                spaceId: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /**
     * Notifications by e-mail: an address receives hourly digests of chosen kinds
     * @description Each notification raised (R-M5 usage, R-T10 token expiry, authentication errors, store refusals, forecasts, drift…) of a chosen kind, in the recipient’s scope, is e-mailed in a digest: one message holding everything pending (kind, severity, subject, message, remedy, time), at most one per recipient per hour. A digest the SMTP server does not accept is retried (1 minute doubling to 1 hour) until it is: nothing is lost. Space-scoped tokens see and manage only their own space’s recipients.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "email": "it-licences@example.org",
           *       "kinds": [
           *         "usage",
           *         "authError"
           *       ]
           *     }
           */
          'application/json': {
            /**
             * Format: email
             * @description The address digests go to (kept in lower case); unique per scope (409 RECIPIENT_EXISTS)
             * @example it-licences@example.org
             */
            email: string;
            /**
             * @description The notification kinds to receive; `*` for every kind, new ones included
             * @example [
             *       "usage",
             *       "tokenExpiring",
             *       "authError"
             *     ]
             */
            kinds: (
              | '*'
              | 'usage'
              | 'tokenExpiring'
              | 'authError'
              | 'syncFailed'
              | 'storeRefused'
              | 'forecast'
              | 'drift'
              | 'mdmCommandRefused'
            )[];
            /** @description The space whose notifications (and the tenant-wide ones) the address receives; null for every notification of the tenant (a tenant-wide token only). Omitted: the token’s space, or null for a tenant-wide token. */
            spaceId?: string | null;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "0193a1f2-7c4e-7b1a-9d2e-3f4a5b6c7d8e",
             *       "email": "it-licences@example.org",
             *       "kinds": [
             *         "usage",
             *         "tokenExpiring"
             *       ],
             *       "spaceId": null,
             *       "emailConfigured": true,
             *       "pending": 2,
             *       "lastDigestAt": "2026-06-01T08:00:12.000Z",
             *       "nextDigestAt": "2026-06-01T09:00:12.000Z",
             *       "lastError": null,
             *       "createdAt": "2026-05-30T10:00:00.000Z"
             *     }
             */
            'application/json': {
              createdAt: string;
              email: string;
              /** @description false when the deployment has no SMTP server (ALLOT_SMTP_URL, ALLOT_SMTP_FROM): the recipient is kept and its notifications wait, and nothing is sent until the operator sets one */
              emailConfigured: boolean;
              id: string;
              kinds: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              /** @description When the last digest was accepted */
              lastDigestAt: string | null;
              /** @description Why the last attempt failed (the SMTP server’s answer) */
              lastError: string | null;
              /** @description With notifications pending: when the next digest goes (an hour after the last, or a retry after a failure); null = within the minute */
              nextDigestAt: string | null;
              /** @description Notifications waiting for the next digest */
              pending: number;
              spaceId: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notification-recipients/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "0193a1f2-7c4e-7b1a-9d2e-3f4a5b6c7d8e",
             *       "email": "it-licences@example.org",
             *       "kinds": [
             *         "usage",
             *         "tokenExpiring"
             *       ],
             *       "spaceId": null,
             *       "emailConfigured": true,
             *       "pending": 2,
             *       "lastDigestAt": "2026-06-01T08:00:12.000Z",
             *       "nextDigestAt": "2026-06-01T09:00:12.000Z",
             *       "lastError": null,
             *       "createdAt": "2026-05-30T10:00:00.000Z"
             *     }
             */
            'application/json': {
              createdAt: string;
              email: string;
              /** @description false when the deployment has no SMTP server (ALLOT_SMTP_URL, ALLOT_SMTP_FROM): the recipient is kept and its notifications wait, and nothing is sent until the operator sets one */
              emailConfigured: boolean;
              id: string;
              kinds: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              /** @description When the last digest was accepted */
              lastDigestAt: string | null;
              /** @description Why the last attempt failed (the SMTP server’s answer) */
              lastError: string | null;
              /** @description With notifications pending: when the next digest goes (an hour after the last, or a retry after a failure); null = within the minute */
              nextDigestAt: string | null;
              /** @description Notifications waiting for the next digest */
              pending: number;
              spaceId: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Stop e-mailing the address; what it was still owed is dropped */
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /** Change the address or the kinds; notifications already pending stay owed */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          /**
           * @example {
           *       "kinds": [
           *         "*"
           *       ]
           *     }
           */
          'application/json': {
            /**
             * Format: email
             * @description The address digests go to (kept in lower case); unique per scope (409 RECIPIENT_EXISTS)
             * @example it-licences@example.org
             */
            email?: string;
            /**
             * @description The notification kinds to receive; `*` for every kind, new ones included
             * @example [
             *       "usage",
             *       "tokenExpiring",
             *       "authError"
             *     ]
             */
            kinds?: (
              | '*'
              | 'usage'
              | 'tokenExpiring'
              | 'authError'
              | 'syncFailed'
              | 'storeRefused'
              | 'forecast'
              | 'drift'
              | 'mdmCommandRefused'
            )[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            /**
             * @example {
             *       "id": "0193a1f2-7c4e-7b1a-9d2e-3f4a5b6c7d8e",
             *       "email": "it-licences@example.org",
             *       "kinds": [
             *         "usage",
             *         "tokenExpiring"
             *       ],
             *       "spaceId": null,
             *       "emailConfigured": true,
             *       "pending": 2,
             *       "lastDigestAt": "2026-06-01T08:00:12.000Z",
             *       "nextDigestAt": "2026-06-01T09:00:12.000Z",
             *       "lastError": null,
             *       "createdAt": "2026-05-30T10:00:00.000Z"
             *     }
             */
            'application/json': {
              createdAt: string;
              email: string;
              /** @description false when the deployment has no SMTP server (ALLOT_SMTP_URL, ALLOT_SMTP_FROM): the recipient is kept and its notifications wait, and nothing is sent until the operator sets one */
              emailConfigured: boolean;
              id: string;
              kinds: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              /** @description When the last digest was accepted */
              lastDigestAt: string | null;
              /** @description Why the last attempt failed (the SMTP server’s answer) */
              lastError: string | null;
              /** @description With notifications pending: when the next digest goes (an hour after the last, or a retry after a failure); null = within the minute */
              nextDigestAt: string | null;
              /** @description Notifications waiting for the next digest */
              pending: number;
              spaceId: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/notifications': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-M6: every notification, newest first (R-M5 usage, R-T10 tokens, sync, store) */
    get: {
      parameters: {
        query?: {
          /** @description false: only those nobody has acknowledged (what needs attention) */
          acknowledged?: boolean;
          cursor?: string;
          kind?:
            | 'usage'
            | 'tokenExpiring'
            | 'authError'
            | 'syncFailed'
            | 'storeRefused'
            | 'forecast'
            | 'drift'
            | 'mdmCommandRefused';
          limit?: number;
          /** @description -createdAt (default): newest first; severity: alerts first, then newest */
          sort?: '-createdAt' | 'severity';
          state?: 'active' | 'cleared';
          subjectId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** @description Who acknowledged the notification and when; null until someone does */
                acknowledged: {
                  at: string;
                  by: {
                    id: string | null;
                    name: string;
                  };
                } | null;
                clearedAt: string | null;
                createdAt: string;
                id: string;
                /** @enum {unknown} */
                kind:
                  | 'usage'
                  | 'tokenExpiring'
                  | 'authError'
                  | 'syncFailed'
                  | 'storeRefused'
                  | 'forecast'
                  | 'drift'
                  | 'mdmCommandRefused';
                message: string;
                remedy: string | null;
                /** @enum {unknown} */
                severity: 'info' | 'warning' | 'alert';
                spaceId: string | null;
                /** @enum {unknown} */
                state: 'active' | 'cleared';
                /** @description apple, microsoft or isv when the subject belongs to a store */
                store: string | null;
                subject: {
                  id: string;
                  name: string | null;
                  type: string;
                };
                threshold: number | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/notifications/{id}/acknowledge': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * Acknowledge an active notification: it stays listed until cleared, no longer counted
     * @description Keeps who acknowledged it and when, and logs it (notification.acknowledge). Again on an acknowledged one: unchanged. 409 NOTIFICATION_CLEARED on a cleared one; a space administrator may not acknowledge a tenant-wide notification (403).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Who acknowledged the notification and when; null until someone does */
              acknowledged: {
                at: string;
                by: {
                  id: string | null;
                  name: string;
                };
              } | null;
              clearedAt: string | null;
              createdAt: string;
              id: string;
              /** @enum {unknown} */
              kind:
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused';
              message: string;
              remedy: string | null;
              /** @enum {unknown} */
              severity: 'info' | 'warning' | 'alert';
              spaceId: string | null;
              /** @enum {unknown} */
              state: 'active' | 'cleared';
              /** @description apple, microsoft or isv when the subject belongs to a store */
              store: string | null;
              subject: {
                id: string;
                name: string | null;
                type: string;
              };
              threshold: number | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Products bought in the stores, with their licence pools */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          q?: string;
          store?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                bundleId: string | null;
                costPerLicense: {
                  amount: number;
                  currency: string;
                } | null;
                deviceAssignable: boolean;
                id: string;
                kind: 'app' | 'book';
                name: string;
                platforms: string[];
                pools: {
                  accountId: string;
                  accountName: string;
                  /** @description The counts are as of this sync (R-T7) */
                  asOf: string | null;
                  available: number | null;
                  inUse: number;
                  reserved: number;
                  spaceId: string;
                  /** @description null for free (unlimited) products */
                  total: number | null;
                  unlimited: boolean;
                  /** @description Seats another product assigned at the store; not part of total (R-T5) */
                  untracked: number;
                }[];
                pricingParam: string;
                revocable: boolean;
                store: string;
                storeProductId: string;
                version: string | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/products/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              bundleId: string | null;
              costPerLicense: {
                amount: number;
                currency: string;
              } | null;
              deviceAssignable: boolean;
              id: string;
              kind: 'app' | 'book';
              name: string;
              platforms: string[];
              pools: {
                accountId: string;
                accountName: string;
                /** @description The counts are as of this sync (R-T7) */
                asOf: string | null;
                available: number | null;
                inUse: number;
                reserved: number;
                spaceId: string;
                /** @description null for free (unlimited) products */
                total: number | null;
                unlimited: boolean;
                /** @description Seats another product assigned at the store; not part of total (R-T5) */
                untracked: number;
              }[];
              pricingParam: string;
              revocable: boolean;
              store: string;
              storeProductId: string;
              version: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/spaces': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                id: string;
                isDefault: boolean;
                name: string;
              }[];
              /** @enum {object|null} */
              nextCursor: never | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              isDefault: boolean;
              name: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/spaces/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              isDefault: boolean;
              name: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              id: string;
              isDefault: boolean;
              name: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/spaces/{id}/reclaim-policy': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X3: the space's idle licence reclaim policy */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Days, 1 to 3650; null: not a condition */
              deviceInactiveDays: number | null;
              /** @description When true the policy reclaims on its schedule */
              enabled: boolean;
              intervalHours: number;
              lastRunAt: string | null;
              nextRunAt: string | null;
              /** @description Days, 1 to 3650; null: not a condition */
              notInstalledDays: number | null;
              spaceId: string;
              updatedAt: string | null;
              userDeactivated: boolean;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    /** R-X3: replaces the space's reclaim policy (fields left out take their default) */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            /** @description Days, 1 to 3650; null: not a condition */
            deviceInactiveDays?: number | null;
            /** @description When true the policy reclaims on its schedule */
            enabled?: boolean;
            intervalHours?: number;
            /** @description Days, 1 to 3650; null: not a condition */
            notInstalledDays?: number | null;
            userDeactivated?: boolean;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Days, 1 to 3650; null: not a condition */
              deviceInactiveDays: number | null;
              /** @description When true the policy reclaims on its schedule */
              enabled: boolean;
              intervalHours: number;
              lastRunAt: string | null;
              nextRunAt: string | null;
              /** @description Days, 1 to 3650; null: not a condition */
              notInstalledDays: number | null;
              spaceId: string;
              updatedAt: string | null;
              userDeactivated: boolean;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/spaces/{id}/reclaim-policy/dry-run': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** R-X3: the licences the space's policy would reclaim now, with why; changes nothing */
    post: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              asOf: string;
              items: {
                lastSeenAt: string | null;
                license: {
                  accountId: string;
                  assignedAt: string;
                  catalogAppId: string | null;
                  id: string;
                  licenseType: string;
                  productId: string;
                  subject: {
                    id: string;
                    name: string;
                    type: string;
                  };
                };
                reasons: ('deviceNotCheckedIn' | 'notInstalled' | 'userDeactivated')[];
              }[];
              nextCursor: string | null;
              /** @description In all; on the first page only */
              total: number | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/sso/role-mappings': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-I3: the tenant's mapping of provider groups to roles (globalAdmin only) */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              mappings: {
                /** @description A value of the provider's groups claim (Entra: the group's object ID) */
                group: string;
                /** @enum {unknown} */
                role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
                /** @description The space the role is granted on; null for the whole tenant */
                spaceId: string | null;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    /**
     * R-I3: replaces the tenant's mapping of provider groups to roles
     * @description A person signed in through the provider holds the broadest role their groups map to: a tenant-wide grant before a space's, then the stronger role (R-S1 order).
     */
    put: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            mappings: {
              /** @description A value of the provider's groups claim (Entra: the group's object ID) */
              group: string;
              /** @enum {unknown} */
              role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
              /** @description The space the role is granted on; null for the whole tenant */
              spaceId: string | null;
            }[];
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              mappings: {
                /** @description A value of the provider's groups claim (Entra: the group's object ID) */
                group: string;
                /** @enum {unknown} */
                role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
                /** @description The space the role is granted on; null for the whole tenant */
                spaceId: string | null;
              }[];
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/store-notifications/apple/{accountId}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Apple Apps and Books notifications for one account (Bearer: its secret) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          accountId: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            [key: string]: unknown;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              action: string;
              duplicate: boolean;
              received: boolean;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/tenants': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Create a tenant with its default space and admin token (bootstrap token only) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            name: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              adminToken: string;
              tenant: {
                id: string;
                name: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/usage/events': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X1: the purchases, reductions and reclaims per day of the pools matching the filter (as GET /usage/history filters them) */
    get: {
      parameters: {
        query?: {
          accountId?: string;
          /** @description YYYY-MM-DD (UTC) */
          from?: string;
          productId?: string;
          spaceId?: string;
          /** @description YYYY-MM-DD (UTC) */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description YYYY-MM-DD (UTC) */
              from: string;
              items: {
                /** @description YYYY-MM-DD (UTC) */
                at: string;
                /** @description Licences bought, removed or reclaimed that day */
                count: number;
                /**
                 * @description purchase: the total rose from the previous recorded day; reduction: it fell; reclaim: licences taken back by a reclaim policy (R-X3)
                 * @enum {unknown}
                 */
                kind: 'purchase' | 'reduction' | 'reclaim';
              }[];
              /** @description YYYY-MM-DD (UTC) */
              to: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/usage/history': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X1: total, in use, reserved and available per day or week, summed over the pools matching the filter; kept two years */
    get: {
      parameters: {
        query?: {
          accountId?: string;
          /** @description YYYY-MM-DD (UTC) */
          from?: string;
          productId?: string;
          spaceId?: string;
          step?: 'day' | 'week';
          /** @description YYYY-MM-DD (UTC) */
          to?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description YYYY-MM-DD (UTC) */
              from: string;
              points: {
                /** @description The day, or the Monday of the week */
                at: string;
                available: number;
                inUse: number;
                reserved: number;
                total: number;
              }[];
              /** @enum {unknown} */
              step: 'day' | 'week';
              /** @description YYYY-MM-DD (UTC) */
              to: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** The users of a space (or all the actor sees), filtered, sorted and paged */
    get: {
      parameters: {
        query?: {
          /** @description true: active users only; false: users the identity provider deactivated */
          active?: boolean;
          /** @description The `nextCursor` of the previous page, with the same `sort` and filters */
          cursor?: string;
          enrolment?: 'none' | 'invited' | 'joined';
          limit?: number;
          /** @description Part of the name or e-mail */
          q?: string;
          /** @description The order: one of `displayName`, `email`, `enrolment`, `createdAt`; a leading `-` sorts descending. Ties, and no sort, go by ID (creation order). An unknown field is 400 VALIDATION_FAILED. */
          sort?: string;
          spaceId?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                /** @description R-I2: false while the identity provider (SCIM) has deactivated the user */
                active: boolean;
                createdAt: string;
                deactivatedAt: string | null;
                displayName: string;
                email: string;
                enrolment: 'none' | 'invited' | 'joined';
                id: string;
                spaceId: string;
                updatedAt: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            displayName: string;
            /** Format: email */
            email: string;
            spaceId?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description R-I2: false while the identity provider (SCIM) has deactivated the user */
              active: boolean;
              createdAt: string;
              deactivatedAt: string | null;
              displayName: string;
              email: string;
              enrolment: 'none' | 'invited' | 'joined';
              id: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description R-I2: false while the identity provider (SCIM) has deactivated the user */
              active: boolean;
              createdAt: string;
              deactivatedAt: string | null;
              displayName: string;
              email: string;
              enrolment: 'none' | 'invited' | 'joined';
              id: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    /** Delete a user; with deleteDevices=true their devices go too, else they stay without a primary user */
    delete: {
      parameters: {
        query?: {
          deleteDevices?: boolean;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              deletedDevices: number;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            displayName?: string;
            /** Format: email */
            email?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description R-I2: false while the identity provider (SCIM) has deactivated the user */
              active: boolean;
              createdAt: string;
              deactivatedAt: string | null;
              displayName: string;
              email: string;
              enrolment: 'none' | 'invited' | 'joined';
              id: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/users/{id}/invite': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** Send the store's invitation to the user (R-A10) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description R-I2: false while the identity provider (SCIM) has deactivated the user */
              active: boolean;
              createdAt: string;
              deactivatedAt: string | null;
              displayName: string;
              email: string;
              enrolment: 'none' | 'invited' | 'joined';
              id: string;
              spaceId: string;
              updatedAt: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/users/{id}/licenses': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** A user's licences and the device licences of their devices (R-M2) */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
          state?: 'active' | 'revoked';
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: ({
                accountId: string;
                assignedAt: string;
                catalogAppId: string | null;
                /** @enum {unknown} */
                distribution: 'fcfs' | 'reserved';
                graceUntil: string | null;
                id: string;
                lastAction: string;
                /** @enum {unknown} */
                licenseType: 'user' | 'device';
                productId: string;
                /** @description R-X3: until when a licence a reclaim policy took back can be restored (POST /licenses/{id}/restore); null for any other */
                restorableUntil: string | null;
                revokedAt: string | null;
                serialNumber: string | null;
                spaceId: string;
                /** @enum {unknown} */
                state: 'active' | 'revoked';
                /** @description apple, microsoft or isv */
                store: string;
                /** @description pending until the store confirmed the licence; confirmed; refused */
                storeState: string;
                subject: {
                  id: string;
                  name: string;
                  /** @enum {unknown} */
                  type: 'user' | 'device';
                };
              } & {
                costPerLicense: {
                  amount: number;
                  currency: string;
                } | null;
                name: string;
                platforms: string[];
                version: string | null;
              })[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/waitlist': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-X4: the devices waiting for a licence of the app, in the order they're served; without an app, every queue of the scope, app by app */
    get: {
      parameters: {
        query?: {
          catalogAppId?: string;
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                appName: string;
                catalogAppId: string;
                device: {
                  id: string;
                  name: string;
                  serialNumber: string;
                };
                /** @description The place in its app's queue: 1 is served first */
                position: number;
                queuedAt: string;
                reason: string;
                /** @description Reservations are served first (R-A4) */
                reserved: boolean;
                user: {
                  id: string;
                  name: string;
                } | null;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                createdAt: string;
                events: (
                  | '*'
                  | 'usage'
                  | 'tokenExpiring'
                  | 'authError'
                  | 'syncFailed'
                  | 'storeRefused'
                  | 'forecast'
                  | 'drift'
                  | 'mdmCommandRefused'
                )[];
                id: string;
                url: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    /**
     * R-M6: notifications are POSTed to the URL, signed (Standard Webhooks)
     * @description Each delivery is a POST of the JSON event signed as Standard Webhooks specifies: headers webhook-id (the delivery ID, the same on retries: deduplicate on it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>"> keyed with the base64-decoded secret), plus x-allot-event. A receiver recomputes the signature over the raw body, compares it in constant time, refuses a timestamp more than 5 minutes from its clock and an ID it has already processed; any Standard Webhooks library does this with the whsec_ secret. A 2xx answer delivers; anything else is retried (30 s doubling to 1 h, 10 attempts).
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            events: (
              | '*'
              | 'usage'
              | 'tokenExpiring'
              | 'authError'
              | 'syncFailed'
              | 'storeRefused'
              | 'forecast'
              | 'drift'
              | 'mdmCommandRefused'
            )[];
            /** @description Standard Webhooks secret: whsec_ and the base64 of 24 to 64 random bytes (e.g. whsec_$(openssl rand -base64 32)); 400 INVALID_WEBHOOK_SECRET otherwise. Signs each delivery; stored encrypted and never returned */
            secret: string;
            /** @description http(s) URL. R-S5: a host that is, or resolves to, a loopback, private, link-local or other non-public address is refused (400 PRIVATE_TARGET, details.field url) unless the operator allows it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS); it is checked again on the address each delivery connects to. Redirects are not followed. */
            url: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        201: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              events: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              id: string;
              url: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/webhooks/{id}': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              events: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              id: string;
              url: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    options?: never;
    head?: never;
    /**
     * Change the URL (checked as on creation, R-S5), the events or the secret
     * @description A new secret signs every delivery sent from now on, retries included. Each delivery is a POST of the JSON event signed as Standard Webhooks specifies: headers webhook-id (the delivery ID, the same on retries: deduplicate on it), webhook-timestamp (Unix seconds of the attempt) and webhook-signature (v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<raw body>"> keyed with the base64-decoded secret), plus x-allot-event. A receiver recomputes the signature over the raw body, compares it in constant time, refuses a timestamp more than 5 minutes from its clock and an ID it has already processed; any Standard Webhooks library does this with the whsec_ secret. A 2xx answer delivers; anything else is retried (30 s doubling to 1 h, 10 attempts).
     */
    patch: {
      parameters: {
        query?: never;
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            events?: (
              | '*'
              | 'usage'
              | 'tokenExpiring'
              | 'authError'
              | 'syncFailed'
              | 'storeRefused'
              | 'forecast'
              | 'drift'
              | 'mdmCommandRefused'
            )[];
            /** @description Standard Webhooks secret: whsec_ and the base64 of 24 to 64 random bytes (e.g. whsec_$(openssl rand -base64 32)); 400 INVALID_WEBHOOK_SECRET otherwise. Signs each delivery; stored encrypted and never returned */
            secret?: string;
            /** @description http(s) URL. R-S5: a host that is, or resolves to, a loopback, private, link-local or other non-public address is refused (400 PRIVATE_TARGET, details.field url) unless the operator allows it (ALLOT_ALLOW_PRIVATE_TARGETS, ALLOT_ALLOWED_PRIVATE_HOSTS); it is checked again on the address each delivery connects to. Redirects are not followed. */
            url?: string;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              createdAt: string;
              events: (
                | '*'
                | 'usage'
                | 'tokenExpiring'
                | 'authError'
                | 'syncFailed'
                | 'storeRefused'
                | 'forecast'
                | 'drift'
                | 'mdmCommandRefused'
              )[];
              id: string;
              url: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    trace?: never;
  };
  '/api/v1/webhooks/{id}/deliveries': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** Deliveries of the webhook, newest first, with their attempts and last answer */
    get: {
      parameters: {
        query?: {
          cursor?: string;
          limit?: number;
        };
        header?: never;
        path: {
          id: string;
        };
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              items: {
                attempts: number;
                createdAt: string;
                event: string;
                id: string;
                lastStatus: number | null;
                nextAttemptAt: string | null;
                /** @enum {unknown} */
                state: 'pending' | 'sending' | 'delivered' | 'failed';
                webhookId: string;
              }[];
              nextCursor: string | null;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/api/v1/what-if': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /**
     * R-X6: who would gain, lose, keep or move a licence, per account, and the store calls, if the changes were saved; nothing is saved
     * @description The changes apply in order. The result assumes every targeted device then checks in (in device-id order): a priority change moves no licence held (R-T9), it changes where waiting devices take theirs. An unknown ID is 400 naming the field, e.g. `changes[0].catalogAppId`.
     */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody: {
        content: {
          'application/json': {
            changes: {
              accountId?: string;
              /** @description priority: accounts of one space and store, first first; the others follow in their order */
              accountIds?: string[];
              /** @enum {unknown} */
              action?: 'add' | 'remove' | 'update';
              assignmentId?: string;
              catalogAppId?: string;
              deviceContext?: boolean;
              deviceInactiveDays?: number | null;
              enabled?: boolean;
              excludeGroupIds?: string[];
              fcfsGroupIds?: string[];
              /** @enum {unknown} */
              intent?: 'required' | 'available' | 'uninstall';
              intervalHours?: number;
              /** @enum {unknown} */
              licenseType?: 'user' | 'device';
              notInstalledDays?: number | null;
              productId?: string;
              prohibitedUserIds?: string[];
              reservedDeviceIds?: string[];
              reservedUserIds?: string[];
              spaceId?: string;
              target?:
                | {
                    groupId: string;
                    /** @enum {string} */
                    type: 'group';
                  }
                | {
                    /** @enum {string} */
                    type: 'allUsers';
                  }
                | {
                    /** @enum {string} */
                    type: 'allDevices';
                  };
              /**
               * @description `priority` (R-T9): accountIds in their new order. `distribution` (R-A3): the lists of catalogAppId on accountId, replaced as PUT /catalog-apps/{id}/distribution/{accountId} does (an omitted list is empty). `assignment` (R-A11): action add (catalogAppId, target, intent, …), remove (assignmentId) or update (assignmentId, intent). `reclaimPolicy` (R-X3): the policy of spaceId, fields as PUT /spaces/{id}/reclaim-policy (a field left out takes its default); each licence it would reclaim now is a `lose`.
               * @enum {unknown}
               */
              type: 'priority' | 'distribution' | 'assignment' | 'reclaimPolicy';
              userDeactivated?: boolean;
            }[];
            /** @description How many subjects, and store calls per account, are listed (default 1000) */
            limit?: number;
          };
        };
      };
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              accounts: {
                accountId: string;
                gain: number;
                keep: number;
                lose: number;
                moveIn: number;
                moveOut: number;
              }[];
              storeCalls: {
                accountId: string;
                calls: {
                  [key: string]: unknown;
                }[];
                count: number;
                /** @enum {unknown} */
                operation: 'associate' | 'disassociate';
                truncated: boolean;
              }[];
              subjects: {
                items: {
                  catalogAppId: string | null;
                  /** @description false when the same would happen without the change (a device not checked in yet) */
                  dueToChange: boolean;
                  fromAccountId: string | null;
                  /** @enum {unknown} */
                  kind: 'gain' | 'lose' | 'keep' | 'move';
                  productId: string;
                  subjectId: string;
                  /** @enum {unknown} */
                  subjectType: 'user' | 'device';
                  toAccountId: string | null;
                }[];
                total: number;
                truncated: boolean;
              };
              totals: {
                gain: number;
                keep: number;
                lose: number;
                move: number;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        400: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        404: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        409: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/config': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-I3: whether the console offers single sign-on, and under which name */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              provider: string | null;
              singleSignOn: boolean;
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/logout': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get?: never;
    put?: never;
    /** R-I3: ends the session of the cookie in every tab (needs X-Allot-CSRF) */
    post: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        204: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        403: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/auth/session': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    /** R-I3: the signed-in person of the session cookie, and its CSRF token */
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              /** @description Send it in the X-Allot-CSRF header of every cookie-authenticated write */
              csrfToken: string;
              email: string | null;
              /** Format: date-time */
              expiresAt: string;
              name: string;
              /** @enum {unknown} */
              role: 'globalAdmin' | 'licenseAdmin' | 'userAdmin' | 'appManager' | 'readOnly';
              spaceId: string | null;
              tenantId: string;
            };
          };
        };
        /** @description Every error has this shape; `code` is stable. */
        401: {
          headers: {
            [name: string]: unknown;
          };
          content: {
            'application/json': {
              error: {
                code: string;
                details?: {
                  [key: string]: unknown;
                };
                message: string;
              };
            };
          };
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/healthz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
  '/readyz': {
    parameters: {
      query?: never;
      header?: never;
      path?: never;
      cookie?: never;
    };
    get: {
      parameters: {
        query?: never;
        header?: never;
        path?: never;
        cookie?: never;
      };
      requestBody?: never;
      responses: {
        /** @description Default Response */
        200: {
          headers: {
            [name: string]: unknown;
          };
          content?: never;
        };
      };
    };
    put?: never;
    post?: never;
    delete?: never;
    options?: never;
    head?: never;
    patch?: never;
    trace?: never;
  };
}
export type webhooks = Record<string, never>;
export interface components {
  schemas: {
    /** @description Every error has this shape; `code` is stable. */
    Error: {
      error: {
        code: string;
        details?: {
          [key: string]: unknown;
        };
        message: string;
      };
    };
  };
  responses: never;
  parameters: never;
  requestBodies: never;
  headers: never;
  pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
