/** The receipt of a confirmed gift: number, amount, project, organisation, date, ledger entry and its hash. */
import {
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { detectLanguage, getFixedT } from "~/i18n/i18n.server";
import { MatchLines } from "~/components/match-lines";
import { matchesForDonation, matchesIn } from "~/models/campaigns.server";
import {
  canViewDonation,
  creditEntry,
  getDonation,
} from "~/models/donations.server";
import { traceGift } from "~/ledger/trace.server";
import { absoluteUrl } from "~/utils/site.server";
import { dateFormatter } from "~/utils/dates.server";
import { db } from "~/utils/db.server";
import { formatMoney } from "~/utils/money";
import { getOptionalUser } from "~/utils/permissions.server";
import { projects } from "~db/schema";
import { eq } from "drizzle-orm";
import { invariantResponse } from "~/utils/http.server";
import { pageTitle } from "~/utils/meta";
import { localize } from "~/content/localized";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const row = params.id ? await getDonation(db(), params.id) : null;
  const token = new URL(request.url).searchParams.get("t");
  const user = await getOptionalUser(request);
  invariantResponse(
    row && canViewDonation(row.donation, user, token),
    404,
    "Not found"
  );
  const [entry, t, language, [project], matched] = await Promise.all([
    creditEntry(db(), row.donation.id),
    getFixedT(request),
    detectLanguage(request),
    db()
      .select({ filingNumber: projects.filingNumber })
      .from(projects)
      .where(eq(projects.id, row.project.id)),
    matchesForDonation(db(), row.donation.id),
  ]);
  const date = dateFormatter(language, { withTime: true });
  const { donation } = row;
  const trace = entry ? await traceGift(db(), row.donation.id) : null;
  const seal = entry?.seal ?? null;
  const ledgerUrl = absoluteUrl(`/projects/${row.project.slug}/ledger.json`);
  const day = dateFormatter(language);
  return data(
    {
      title: `${t("receipt.title")} ${donation.receiptNumber ?? ""} — ${t(
        "app.name"
      )}`,
      ready: Boolean(donation.receiptNumber && entry),
      receipt: {
        number: donation.receiptNumber,
        amount: donation.amount,
        refunded: donation.refundedAmount,
        currency: donation.currency,
        status: donation.status,
        donor: donation.isAnonymous ? null : donation.displayName,
        date: date(donation.succeededAt),
        // Named in the reader's language where the organisation wrote it (ADR 0021).
        project: { id: row.project.id, slug: row.project.slug, title: localize(row.project, ["title"], language).title },
        organization: { slug: row.organization.slug, name: localize(row.organization, ["name"], language).name },
        filingNumber: project?.filingNumber ?? "",
        entryId: entry ? String(entry.id) : null,
      },
      matches: matchesIn(matched, language),
      // The proof that the gift is in the public ledger: its links in the platform's and the project's
      // chains, and the command that checks them against the project's export (docs/ledger.md).
      proof: seal
        ? {
            position: String(seal.position),
            prevHash: seal.prevHash,
            hash: seal.hash,
            projectPosition: String(seal.projectPosition),
            projectHash: seal.projectHash,
            command: `node verify-ledger.mjs ${ledgerUrl} --expect ${String(
              entry!.id
            )}=${seal.hash}`,
            verifier: absoluteUrl("/verify-ledger.mjs"),
            ledgerUrl,
          }
        : null,
      trace: trace
        ? {
            unspent: trace.unspent,
            allocations: trace.allocations.map((a) => ({
              id: a.expenseId,
              amount: a.amount,
              description: a.description,
              line: a.lineLabel,
              payee: a.payee,
              date: day(`${a.spentOn}T12:00:00+08:00`),
            })),
          }
        : null,
    },
    {
      headers: {
        "Cache-Control": "private, no-store",
        "Referrer-Policy": "no-referrer",
      },
    }
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
  { name: "robots", content: "noindex" },
];

export default function Receipt() {
  const { ready, receipt, trace, proof, matches } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const money = (v: bigint) => formatMoney(v, receipt.currency, i18n.language);
  if (!ready)
    return (
      <section className="container narrow section">
        <h1>{t("receipt.title")}</h1>
        <p>{t("receipt.notReady")}</p>
      </section>
    );
  return (
    <article
      className="container narrow section receipt"
      aria-labelledby="receipt-title"
    >
      <h1 id="receipt-title">{t("receipt.title")}</h1>
      <dl className="details receipt-details">
        <dt>{t("receipt.number")}</dt>
        <dd className="mono">{receipt.number}</dd>
        <dt>{t("receipt.amount")}</dt>
        <dd>
          <strong>{money(receipt.amount)}</strong>
          {receipt.refunded > 0n
            ? ` (${t("receipt.refunded")}: ${money(receipt.refunded)})`
            : ""}
        </dd>
        <dt>{t("receipt.donor")}</dt>
        <dd>{receipt.donor ?? t("project.anonymous")}</dd>
        <dt>{t("receipt.project")}</dt>
        <dd>
          <Link to={`/projects/${receipt.project.slug}`}>
            {receipt.project.title}
          </Link>
        </dd>
        <dt>{t("receipt.organization")}</dt>
        <dd>
          <Link to={`/organizations/${receipt.organization.slug}`}>
            {receipt.organization.name}
          </Link>
        </dd>
        <dt>{t("receipt.filing")}</dt>
        <dd className="mono">{receipt.filingNumber}</dd>
        <dt>{t("receipt.date")}</dt>
        <dd>{receipt.date}</dd>
        <dt>{t("receipt.status")}</dt>
        <dd>{t(`myDonations.status.${receipt.status}`)}</dd>
        <dt>{t("receipt.ledger")}</dt>
        <dd className="mono">#{receipt.entryId}</dd>
        <dt>{t("receipt.chainHash")}</dt>
        <dd className="mono small">
          {proof ? (
            <span className="break">{proof.hash}</span>
          ) : (
            <span className="muted">{t("receipt.sealing")}</span>
          )}
        </dd>
      </dl>
      {matches.length ? (
        <section aria-labelledby="matches-title" className="receipt-matches">
          <h2 id="matches-title">{t("campaigns.matchesTitle")}</h2>
          <MatchLines
            gift={receipt.amount}
            currency={receipt.currency}
            matches={matches}
          />
          <p className="small muted">
            {matches
              .filter(
                (m, i) =>
                  matches.findIndex(
                    (o) => o.campaign.slug === m.campaign.slug
                  ) === i
              )
              .map((m, i) => (
                <span key={m.campaign.slug}>
                  {i ? " · " : null}
                  <Link to={`/campaigns/${m.campaign.slug}`}>
                    {m.campaign.title}
                  </Link>
                </span>
              ))}
          </p>
        </section>
      ) : null}
      {proof ? (
        <section aria-labelledby="proof-title" className="proof">
          <h2 id="proof-title">{t("receipt.proofTitle")}</h2>
          <p className="small">
            {t("receipt.proofLead", { entry: receipt.entryId })}
          </p>
          <dl className="details small">
            <dt>{t("receipt.chainPosition")}</dt>
            <dd className="mono">{proof.position}</dd>
            <dt>{t("receipt.prevHash")}</dt>
            <dd className="mono break">{proof.prevHash}</dd>
            <dt>{t("receipt.projectLink")}</dt>
            <dd className="mono break">
              #{proof.projectPosition} · {proof.projectHash}
            </dd>
          </dl>
          <p className="small">
            {t("receipt.proofHow")}{" "}
            <a href={proof.verifier}>verify-ledger.mjs</a> ·{" "}
            <a href={proof.ledgerUrl}>ledger.json</a>
          </p>
          <pre className="command small">
            <code>{proof.command}</code>
          </pre>
        </section>
      ) : null}
      {trace ? (
        <section aria-labelledby="where-title" className="where">
          <h2 id="where-title">{t("transparency.whereTitle")}</h2>
          <p className="small muted">{t("transparency.whereLead")}</p>
          <ul>
            {trace.allocations.map((a) => (
              <li key={a.id}>
                {t("transparency.wherePaid", {
                  amount: money(a.amount),
                  description: a.description,
                  line: a.line,
                  payee: a.payee,
                  date: a.date,
                })}
              </li>
            ))}
            {trace.unspent > 0n ? (
              <li>
                {t("transparency.whereUnspent", {
                  amount: money(trace.unspent),
                })}
              </li>
            ) : null}
          </ul>
          <p className="small">
            <Link to={`/projects/${receipt.project.slug}/transparency`}>
              {t("transparency.title")} →
            </Link>
          </p>
        </section>
      ) : null}
      <p className="small muted">{t("receipt.note")}</p>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
