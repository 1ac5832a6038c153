import { ErrorSummary, type FieldError, type PageContext } from "../../components.js";
import { AdminFrame } from "./frame.js";
import { Pager, SelectField, TextField, UtcTime } from "./parts.js";

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
                  <UtcTime language={language} at={event.at} />
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
                <td data-label={column.actor}>{event.actorName ?? t("admin.audit.system")}</td>
                <td data-label={column.target}>{event.targetName}</td>
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
