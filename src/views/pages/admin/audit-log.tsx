import { ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Breakable, formatAgo, Pager, SelectField, TextField, UtcTime } from "./parts.js";

export interface AuditFilters {
  activity: string;
  actor: string;
  target: string;
  /** YYYY-MM-DD, UTC */
  from: string;
  /** YYYY-MM-DD, UTC, inclusive */
  to: string;
}

/** One recorded event, as the log lists it. */
export interface AuditEntry {
  id: string;
  at: number;
  /** Microsoft's activity name, in English. */
  activity: string;
  result: "success" | "failure";
  resultReason: string | null;
  /** Null when Sesame itself acted. */
  actorName: string | null;
  targetName: string | null;
  ip: string | null;
}

/**
 * The audit log (SPEC [S12]): newest first, filtered by activity, actor, target and
 * period; Microsoft's activity names as recorded; times in UTC, written the reader's way.
 */
export function AuditLogPage(props: {
  page: PageContext;
  filters: AuditFilters;
  activities: readonly string[];
  events: readonly AuditEntry[];
  errors: FieldError[];
  nextHref?: string | undefined;
  firstHref?: string | undefined;
  /** The same events (these filters, every page) as CSV. */
  csvHref: string;
  /** The instant the page is made, for "3 minutes ago". */
  now: number;
}) {
  const { t, language } = props.page;
  const { filters, errors } = props;
  const title = t("admin.audit.title");
  const column = {
    at: t("admin.audit.column.at"),
    activity: t("admin.audit.column.activity"),
    result: t("admin.audit.column.result"),
    actor: t("admin.audit.column.actor"),
    target: t("admin.audit.column.target"),
    ip: t("admin.audit.column.ip"),
  };
  return (
    <AdminFrame page={props.page} title={title} section="audit">
      <h1>{title}</h1>
      <ErrorSummary t={t} errors={errors} />
      <form method="get" action="/admin/audit" class="filters" novalidate>
        <SelectField
          name="activity"
          label={t("admin.audit.activity")}
          value={filters.activity}
          choices={[
            { value: "", label: t("admin.audit.anyActivity") },
            ...props.activities.map((name) => ({ value: name, label: name, lang: "en" })),
          ]}
          errors={errors}
        />
        <TextField
          name="actor"
          label={t("admin.audit.actor")}
          value={filters.actor}
          errors={errors}
          autocomplete="off"
          inputMode="email"
        />
        <TextField
          name="target"
          label={t("admin.audit.target")}
          value={filters.target}
          errors={errors}
          autocomplete="off"
          inputMode="email"
        />
        <TextField
          name="from"
          label={t("admin.audit.from")}
          type="date"
          value={filters.from}
          errors={errors}
          autocomplete="off"
        />
        <TextField
          name="to"
          label={t("admin.audit.to")}
          type="date"
          value={filters.to}
          errors={errors}
          autocomplete="off"
        />
        <p class="actions">
          <button type="submit" class="primary">
            {t("admin.audit.apply")}
          </button>
          <a class="button" href="/admin/audit">
            {t("admin.audit.clear")}
          </a>
          <a class="button" href={props.csvHref} download>
            {t("admin.audit.csv")}
          </a>
        </p>
      </form>
      {props.events.length === 0 ? (
        <p>{t("admin.audit.none")}</p>
      ) : (
        <table class="records audit">
          <caption class="visually-hidden">{t("admin.audit.caption")}</caption>
          <thead>
            <tr>
              <th scope="col">{column.at}</th>
              <th scope="col">{column.activity}</th>
              <th scope="col">{column.result}</th>
              <th scope="col">{column.actor}</th>
              <th scope="col">{column.target}</th>
              <th scope="col">{column.ip}</th>
            </tr>
          </thead>
          <tbody>
            {props.events.map((event) => (
              <tr>
                <td data-label={column.at}>
                  <a href={`/admin/audit/${event.id}`}>
                    <UtcTime language={language} at={event.at} />
                    <span class="visually-hidden"> {t("admin.audit.details")}</span>
                  </a>
                  <span class="ago">{formatAgo(language, event.at, props.now)}</span>
                </td>
                <td data-label={column.activity} lang="en">
                  {event.activity}
                </td>
                <td data-label={column.result}>
                  {event.result === "success" ? t("admin.audit.success") : t("admin.audit.failure")}
                  {event.resultReason && (
                    <>
                      {" "}
                      <span class="muted" lang="en">
                        ({event.resultReason})
                      </span>
                    </>
                  )}
                </td>
                <td data-label={column.actor}>
                  <Breakable text={event.actorName ?? t("admin.audit.system")} />
                </td>
                <td data-label={column.target}>
                  <Breakable text={event.targetName} />
                </td>
                <td data-label={column.ip}>{event.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pager
        label={title}
        firstHref={props.firstHref}
        nextHref={props.nextHref}
        firstText={t("admin.audit.newest")}
        nextText={t("admin.audit.older")}
      />
    </AdminFrame>
  );
}

/** Everything recorded of one event, what changed among it. */
export interface AuditEventDetails extends AuditEntry {
  category: string;
  actorId: string | null;
  targetId: string | null;
  userAgent: string | null;
  details: Readonly<Record<string, unknown>>;
}

/** A detail's value in words: text as it is, lists joined, anything else as JSON. */
function detailText(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
    return value.join(", ");
  }
  return JSON.stringify(value);
}

/** Audit log > one event: all its fields, the details recorded with it (never a secret). */
export function AuditEventPage(props: {
  page: PageContext;
  event: AuditEventDetails;
  now: number;
}) {
  const { t, language } = props.page;
  const { event } = props;
  const party = (name: string | null, id: string | null) =>
    name === null ? (
      t("admin.audit.system")
    ) : (
      <>
        <Breakable text={name} />
        {id && <span class="muted"> ({id})</span>}
      </>
    );
  const details = Object.entries(event.details);
  return (
    <AdminFrame page={props.page} title={event.activity} section="audit">
      <p>
        <a href="/admin/audit">{t("admin.audit.back")}</a>
      </p>
      <h1 lang="en">{event.activity}</h1>
      <dl class="profile">
        <dt>{t("admin.audit.column.at")}</dt>
        <dd>
          <UtcTime language={language} at={event.at} />{" "}
          <span class="muted">({formatAgo(language, event.at, props.now)})</span>
        </dd>
        <dt>{t("admin.audit.category")}</dt>
        <dd lang="en">{event.category}</dd>
        <dt>{t("admin.audit.column.result")}</dt>
        <dd>
          {event.result === "success" ? t("admin.audit.success") : t("admin.audit.failure")}
          {event.resultReason && <span lang="en"> ({event.resultReason})</span>}
        </dd>
        <dt>{t("admin.audit.column.actor")}</dt>
        <dd>{party(event.actorName, event.actorId)}</dd>
        <dt>{t("admin.audit.column.target")}</dt>
        <dd>{event.targetName === null ? "" : party(event.targetName, event.targetId)}</dd>
        <dt>{t("admin.audit.column.ip")}</dt>
        <dd>{event.ip ?? ""}</dd>
        <dt>{t("admin.audit.userAgent")}</dt>
        <dd>{event.userAgent ?? ""}</dd>
        <dt>{t("admin.audit.eventId")}</dt>
        <dd>{event.id}</dd>
      </dl>
      <h2>{t("admin.audit.detailsTitle")}</h2>
      {details.length === 0 ? (
        <p>{t("admin.audit.noDetails")}</p>
      ) : (
        <dl class="profile" lang="en">
          {details.map(([name, value]) => (
            <>
              <dt>{name}</dt>
              <dd>{detailText(value)}</dd>
            </>
          ))}
        </dl>
      )}
    </AdminFrame>
  );
}
