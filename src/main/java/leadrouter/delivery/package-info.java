/**
 * Delivery actions: what one attempt to hand a lead to a buyer endpoint (or to send a
 * notification) looks like on the wire, and how the answer is read. The outbox worker, the store and
 * re-routing are built on top of this package.
 *
 * <h2>API</h2>
 * <ul>
 *   <li>{@link leadrouter.delivery.EndpointParser#parse} turns one config entry into a compiled
 *       {@link leadrouter.delivery.EndpointSpec} (sealed: {@code HttpEndpoint HubSpotEndpoint
 *       SalesforceEndpoint DynamicsEndpoint PipedriveEndpoint SlackEndpoint TwilioEndpoint
 *       ResendEndpoint}), or reports every problem as a {@code ConfigError}.</li>
 *   <li>{@link leadrouter.delivery.EndpointClient#send} makes one attempt for a
 *       {@link leadrouter.delivery.DeliveryContext} and returns an
 *       {@link leadrouter.delivery.AttemptResult}: the {@link leadrouter.delivery.Outcome}
 *       (Accepted, Rejected, Duplicate, Retry, Failed) and the redacted exchanges. It never throws.</li>
 *   <li>{@link leadrouter.delivery.Backoff#delay} gives the wait before the next attempt;
 *       {@link leadrouter.delivery.RetryPolicy#exhausted} says when to stop.</li>
 *   <li>{@link leadrouter.delivery.EndpointCircuits} holds a circuit breaker per (buyer, endpoint).</li>
 * </ul>
 *
 * <h2>Endpoint config</h2>
 * Every endpoint: {@code type}; {@code timeout} (default {@code 10s}, at most {@code 5m});
 * {@code retry: {attempts: 5, backoff: 2s, max_backoff: 5m, give_up_after: 24h, jitter: equal|full|none}};
 * {@code circuit: {failure_rate: 50, window: 20, minimum_calls: 5, open_for: 60s, half_open_calls: 1}}
 * or {@code circuit: {consecutive_failures: N, open_for: ...}}. Durations are a whole number and
 * {@code ms s m h d}. Unknown keys are errors. String values are templates (see
 * {@link leadrouter.delivery.Template}); {@code ${NAME}} is a secret from
 * {@link leadrouter.delivery.Secrets}, read at send time. In YAML flow maps quote values that contain
 * {@code ${...}}, {@code [} or {@code {{}}: {@code auth: {type: bearer, token: "${TOKEN}"}}.
 * <dl>
 *   <dt>{@code http}</dt>
 *   <dd>{@code url} (http/https), {@code method} POST|PUT|PATCH|GET (default POST; GET sends the mapping
 *   as query parameters), {@code format} json|form|xml (default json), {@code xml_root} (default
 *   {@code lead}), {@code mapping} (target: template; dotted targets nest in JSON and XML; a number or
 *   boolean constant, or a template that is one expression giving a number or boolean, stays typed in
 *   JSON), {@code query} (extra query parameters), {@code headers} (may replace Content-Type),
 *   {@code auth} ({@code {type: basic, username, password}}, {@code {type: bearer, token}},
 *   {@code {type: header, name, value}}, {@code {type: query, name, value}}),
 *   {@code idempotency_header} (default {@code Idempotency-Key}; a name, or false for none),
 *   {@code omit_empty} (default false), and response reading: {@code response_format}
 *   auto|json|xml|text (auto: by the body's first character, whatever the Content-Type says),
 *   {@code success: {status: 2xx | [200, 201], body_contains, json_path, equals, regex}},
 *   {@code reject} and {@code duplicate} (same conditions plus {@code status}, and
 *   {@code reason_path} or {@code reason_regex}), {@code buyer_lead_id} and {@code price}
 *   ({@code {json_path}} or {@code {regex}}, first capture group). JSON paths are the subset in
 *   {@link leadrouter.delivery.JsonPath}; they also read XML answers, without the root element.
 *   How answers are classified, including malformed ones, is described on
 *   {@code HttpAdapter.classify}: in short, a success status with an answer that is not in the
 *   buyer's format (HTML page, empty, unparseable) is Failed, for a person to look at, because the
 *   buyer may or may not have taken the lead.</dd>
 *   <dt>{@code hubspot}</dt>
 *   <dd>{@code token}, {@code owner} (hubspot_owner_id), {@code mapping} (default email, firstname,
 *   lastname, phone), {@code base_url} (default https://api.hubapi.com).</dd>
 *   <dt>{@code salesforce}</dt>
 *   <dd>{@code base_url} (the instance URL, required), {@code token}, {@code owner} (OwnerId; also sends
 *   {@code Sforce-Auto-Assign: FALSE}), {@code auto_assign} (true, false or a rule id, to override
 *   that), {@code api_version} (default v62.0), {@code mapping} (default FirstName, LastName, Email,
 *   Phone, Company defaulting to "[not provided]", LeadSource).</dd>
 *   <dt>{@code dynamics}</dt>
 *   <dd>{@code base_url} (the org URL, required), {@code token}, {@code owner} (a systemuser GUID or a
 *   bind path such as {@code /teams(GUID)}), {@code duplicate_detection} (default true),
 *   {@code entity_set} (default leads), {@code api_version} (default v9.2), {@code mapping} (default
 *   subject, firstname, lastname, emailaddress1, telephone1, companyname).</dd>
 *   <dt>{@code pipedrive}</dt>
 *   <dd>{@code token}, {@code token_in} header|query, {@code owner} (owner_id), {@code mapping} (the
 *   person; default name, email, phone), {@code lead_mapping} (default title), {@code base_url}
 *   (default https://api.pipedrive.com).</dd>
 *   <dt>{@code slack}</dt>
 *   <dd>{@code webhook_url}, {@code text} (a default summary when absent).</dd>
 *   <dt>{@code twilio}</dt>
 *   <dd>{@code account_sid}, {@code auth_token}, {@code from} or {@code messaging_service_sid},
 *   {@code to}, {@code body}, {@code base_url} (default https://api.twilio.com).</dd>
 *   <dt>{@code resend}</dt>
 *   <dd>{@code api_key}, {@code from}, {@code to} (one or a list of up to 50), {@code subject},
 *   {@code html} and/or {@code text}, {@code reply_to}, {@code base_url} (default https://api.resend.com).</dd>
 * </dl>
 * CRM adapters leave out mapped values that render empty, so a missing lead field never blanks a
 * CRM property.
 *
 * <h2>Idempotency</h2>
 * Every request carries the delivery's stable key as {@code Idempotency-Key} (the one header name
 * used; for {@code http} endpoints it can be renamed or turned off). Resend honours it; the other
 * vendors ignore it, so their retries can create a second record, which they usually answer as a
 * duplicate. Pipedrive makes two requests per attempt: a retry after the person was created but
 * the lead was not creates the person again.
 *
 * <h2>What is recorded</h2>
 * The recorded request has {@code Authorization}, {@code Proxy-Authorization}, {@code Cookie},
 * {@code x-api-token}, {@code x-api-key}, {@code api-key} and the configured auth header replaced by
 * {@code ***}, as are the query parameters {@code api_token}, {@code api_key}, {@code apikey},
 * {@code access_token} and the configured auth parameter, URL user info, and a Slack webhook's path.
 * Every secret value resolved for the attempt, and every credential sent in those headers and
 * parameters (6 characters or longer), is also replaced wherever it appears (URL, headers, body,
 * response body, outcome reason), plain, URL-encoded, JSON-escaped or XML-escaped. Response bodies
 * are read up to 1 MiB and recorded up to 4096 characters.
 */
package leadrouter.delivery;
