// Realistic vocabulary for generated data: apps, recipe templates, trigger titles, step errors.
// Titles follow Workato's "<App>: new <object>: Field=value, ..." event-title shape.
import type { Prng } from "./prng.js"

/** Display names Workato puts in front of event titles. */
export const APP_LABELS: Readonly<Record<string, string>> = {
  salesforce: "Salesforce",
  netsuite: "NetSuite",
  http: "HTTP",
  slack: "Slack",
  snowflake: "Snowflake",
  shopify: "Shopify",
  zendesk: "Zendesk",
  jira: "Jira",
  workday: "Workday",
  servicenow: "ServiceNow",
  google_sheets: "Google Sheets",
  hubspot: "HubSpot",
  clock: "Scheduler by Workato",
  workato_service: "Callable recipes by Workato",
  workato_webhooks: "Webhooks by Workato"
}

export interface Step {
  readonly adapter: string
  readonly operation: string
}

export interface RecipeTemplate {
  readonly name: string
  readonly trigger: Step
  readonly actions: ReadonlyArray<Step>
  readonly title: (rng: Prng, at: Date) => string
}

const COMPANIES = [
  "Acme Corp", "Globex", "Initech", "Umbrella Health", "Stark Industries", "Wayne Enterprises",
  "Hooli", "Soylent Foods", "Cyberdyne Systems", "Tyrell Corp", "Vandelay Industries", "Wonka Labs",
  "Pied Piper", "Massive Dynamic", "Aperture Science", "Gringotts Bank", "Oceanic Airlines"
]
const PEOPLE = [
  "Ada Lovelace", "Grace Hopper", "Alan Turing", "Katherine Johnson", "Linus Pauling", "Mae Jemison",
  "Tim Berners-Lee", "Hedy Lamarr", "Edsger Dijkstra", "Barbara Liskov", "Ken Thompson", "Radia Perlman"
]
const STAGES = ["Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won"]
const DEALS = ["Renewal", "Expansion", "New Business", "Upsell", "Pilot"]
const SUBJECTS = [
  "Cannot log in after password reset", "Invoice total does not match PO", "API returns 502 intermittently",
  "Request to add SSO for contractors", "Shipment delayed at customs", "Refund not received"
]
const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Support", "People Ops", "Marketing"]
const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

const money = (rng: Prng) => String(rng.int(5, 400) * 250)
const hex = (rng: Prng, n: number) => {
  let s = ""
  for (let i = 0; i < n; i++) s += "0123456789abcdef"[rng.int(0, 15)]
  return s
}
const email = (name: string) => `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`

/** Recipe shapes the generator cycles through. */
export const RECIPE_TEMPLATES: ReadonlyArray<RecipeTemplate> = [
  {
    name: "Sync closed-won Salesforce opportunities to NetSuite sales orders",
    trigger: { adapter: "salesforce", operation: "new_updated_object" },
    actions: [
      { adapter: "netsuite", operation: "search_objects" },
      { adapter: "netsuite", operation: "create_object" },
      { adapter: "slack", operation: "post_message" }
    ],
    title: (rng) => {
      const company = rng.pick(COMPANIES)
      return `Salesforce: new Opportunity: Name=${company} - ${rng.pick(DEALS)}, Stage=${rng.pick(STAGES)}, and Amount=${money(rng)}`
    }
  },
  {
    name: "Load Shopify orders into Snowflake",
    trigger: { adapter: "shopify", operation: "new_order" },
    actions: [
      { adapter: "snowflake", operation: "insert_row" },
      { adapter: "slack", operation: "post_message" }
    ],
    title: (rng) =>
      `Shopify: new order: Order number=#${rng.int(1000, 99999)}, Customer=${rng.pick(PEOPLE)}, and Total price=${rng.int(10, 900)}.${rng.int(10, 99)}`
  },
  {
    name: "Escalate urgent Zendesk tickets to Jira",
    trigger: { adapter: "zendesk", operation: "new_ticket" },
    actions: [
      { adapter: "jira", operation: "create_issue" },
      { adapter: "zendesk", operation: "update_ticket" },
      { adapter: "slack", operation: "post_message" }
    ],
    title: (rng) => `Zendesk: new ticket: ID=${rng.int(10000, 999999)}, Subject=${rng.pick(SUBJECTS)}, and Priority=urgent`
  },
  {
    name: "Provision new Workday hires in ServiceNow",
    trigger: { adapter: "workday", operation: "new_worker" },
    actions: [
      { adapter: "servicenow", operation: "create_record" },
      { adapter: "google_sheets", operation: "add_row" },
      { adapter: "slack", operation: "post_message" }
    ],
    title: (rng) => {
      const person = rng.pick(PEOPLE)
      return `Workday: new worker: Worker ID=E-${rng.int(10000, 99999)}, Name=${person}, and Department=${rng.pick(DEPARTMENTS)}`
    }
  },
  {
    name: "Record Stripe payments in NetSuite",
    trigger: { adapter: "workato_webhooks", operation: "webhook_event" },
    actions: [
      { adapter: "http", operation: "make_request" },
      { adapter: "netsuite", operation: "create_object" },
      { adapter: "snowflake", operation: "insert_row" }
    ],
    title: (rng) => `Webhooks by Workato: new event via webhook: Type=invoice.paid, and ID=evt_${hex(rng, 24)}`
  },
  {
    name: "Nightly HubSpot contact export to Snowflake",
    trigger: { adapter: "clock", operation: "scheduled_event" },
    actions: [
      { adapter: "hubspot", operation: "search_contacts" },
      { adapter: "snowflake", operation: "insert_rows" },
      { adapter: "slack", operation: "post_message" }
    ],
    title: (_rng, at) =>
      `Scheduler by Workato: new recurring event: Scheduled time=${at.toISOString()}, Scheduled day=${WEEKDAYS[at.getUTCDay()]}, and Scheduled week=${Math.ceil(at.getUTCDate() / 7)}`
  },
  {
    name: "Enrich Salesforce accounts via Clearbit (function)",
    trigger: { adapter: "workato_service", operation: "receive_request" },
    actions: [
      { adapter: "http", operation: "make_request" },
      { adapter: "salesforce", operation: "update_object" }
    ],
    title: (rng) =>
      `Callable recipes by Workato: new call for recipe: Calling IP address=10.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}, Access profile ID=${rng.int(100000, 999999)}, and Access profile name=enrichment`
  },
  {
    name: "Create Salesforce leads from HubSpot contacts",
    trigger: { adapter: "hubspot", operation: "new_contact" },
    actions: [
      { adapter: "salesforce", operation: "search_objects" },
      { adapter: "salesforce", operation: "create_object" }
    ],
    title: (rng) => {
      const person = rng.pick(PEOPLE)
      return `HubSpot: new contact: Email=${email(person)}, Name=${person}, and Company=${rng.pick(COMPANIES)}`
    }
  }
]

export interface ErrorTemplate {
  readonly error_type: string
  readonly message: string
  readonly inner_message: string | null
  readonly code: number
}

/** Step errors per action adapter, worded like the apps' real errors. */
export const ACTION_ERRORS: Readonly<Record<string, ReadonlyArray<ErrorTemplate>>> = {
  salesforce: [
    { error_type: "Bad request", code: 400, inner_message: null, message: "INVALID_FIELD_FOR_INSERT_UPDATE: Unable to create/update fields: AccountId. Please check the security settings of this field." },
    { error_type: "Duplicate value", code: 400, inner_message: null, message: "DUPLICATE_VALUE: duplicate value found: External_Id__c duplicates value on record with id: 0065e00000XyZ12" },
    { error_type: "Rate limit exceeded", code: 403, inner_message: null, message: "REQUEST_LIMIT_EXCEEDED: TotalRequests Limit exceeded." }
  ],
  netsuite: [
    { error_type: "Bad request", code: 400, inner_message: null, message: "Invalid subsidiary reference key 7 for entity 1843." },
    { error_type: "Missing required field", code: 400, inner_message: null, message: "Please enter value(s) for: Location" },
    { error_type: "Timeout", code: 504, inner_message: "Net::ReadTimeout", message: "Request timed out after 180 seconds" }
  ],
  http: [
    { error_type: "Server error", code: 500, inner_message: null, message: "500 Internal Server Error" },
    { error_type: "Unauthorized", code: 401, inner_message: null, message: "401 Unauthorized: invalid API key provided" },
    { error_type: "Timeout", code: 504, inner_message: "Net::ReadTimeout with #<TCPSocket:(closed)>", message: "Request timed out" }
  ],
  slack: [
    { error_type: "Bad request", code: 400, inner_message: null, message: "channel_not_found" },
    { error_type: "Rate limit exceeded", code: 429, inner_message: null, message: "ratelimited" }
  ],
  snowflake: [
    { error_type: "SQL error", code: 400, inner_message: null, message: "SQL compilation error: error line 1 at position 7 invalid identifier 'AMOUNT_USD'" },
    { error_type: "Timeout", code: 408, inner_message: null, message: "Statement reached its statement or warehouse timeout of 3600 second(s) and was canceled." }
  ],
  google_sheets: [
    { error_type: "Rate limit exceeded", code: 429, inner_message: null, message: "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user'" }
  ],
  jira: [
    { error_type: "Bad request", code: 400, inner_message: null, message: "Field 'customfield_10011' cannot be set. It is not on the appropriate screen, or unknown." }
  ],
  zendesk: [
    { error_type: "Record not found", code: 404, inner_message: null, message: "RecordNotFound: Not found" }
  ],
  servicenow: [
    { error_type: "Unauthorized", code: 401, inner_message: null, message: "User Not Authenticated: Required to provide Auth information" }
  ],
  hubspot: [
    { error_type: "Rate limit exceeded", code: 429, inner_message: null, message: "You have reached your secondly limit." }
  ],
  workday: [
    { error_type: "Server error", code: 500, inner_message: null, message: "Validation error occurred. Invalid ID value. 'E-10293' is not a valid ID value for type = 'Employee_ID'" }
  ]
}

/** Trigger (poll) errors: the recipe could not fetch events, so no trigger data exists. */
export const POLL_ERRORS: ReadonlyArray<ErrorTemplate> = [
  { error_type: "Connection error", code: 503, inner_message: "SocketError", message: "Failed to open TCP connection (getaddrinfo: Name or service not known)" },
  { error_type: "Unauthorized", code: 401, inner_message: null, message: "OAuth token expired or revoked. Reconnect the connection." },
  { error_type: "Rate limit exceeded", code: 429, inner_message: null, message: "API rate limit exceeded while polling for new events" }
]

const FALLBACK_ERRORS: ReadonlyArray<ErrorTemplate> = [
  { error_type: "Server error", code: 500, inner_message: null, message: "Unexpected error from the app" }
]

/** Errors an adapter's action can fail with (a generic one for unknown adapters). */
export const errorsFor = (adapter: string): ReadonlyArray<ErrorTemplate> => ACTION_ERRORS[adapter] ?? FALLBACK_ERRORS

/** Title for an app's event when nothing more specific is known. */
export const genericTitle = (adapter: string, rng: Prng): string =>
  `${APP_LABELS[adapter] ?? adapter}: new event: ID=${rng.int(100000, 9999999)}`

export const HTTP_STATUS_TEXT: Readonly<Record<number, string>> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  408: "Request Timeout",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
  504: "Gateway Timeout"
}
