/** Giving days for admins: every campaign (drafts too) and a form to create one as a draft. */
import type { SubmissionResult } from "@conform-to/react";
import {
  data,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BilingualColumns, ContentLanguageChoice, inOther, useContentLanguage } from "~/components/bilingual-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { translationsFrom } from "~/content/translation-form";
import { translateErrors } from "~/components/form-errors";
import { Button } from "~/components/ui/button";
import { Field, FormErrorSummary } from "~/components/ui/field";
import { useValidatedForm } from "~/components/use-validated-form";
import { detectLanguage, getFixedT } from "~/i18n/i18n.server";
import { CampaignCreateSchema } from "~/models/campaign-forms";
import {
  allCampaigns,
  CampaignRefused,
  createCampaign,
} from "~/models/campaigns.server";
import { personalPage } from "~/utils/cache";
import { dateFormatter } from "~/utils/dates.server";
import { db } from "~/utils/db.server";
import { readSubmission, rejectSubmission } from "~/utils/forms.server";
import { pageTitle } from "~/utils/meta";
import { requireAdmin } from "~/utils/permissions.server";
import { redirectWithToast } from "~/utils/toast.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const [rows, t, language] = await Promise.all([
    allCampaigns(db()),
    getFixedT(request),
    detectLanguage(request),
  ]);
  const when = dateFormatter(language, { withTime: true });
  return data(
    {
      title: `${t("campaignAdmin.title")} — ${t("admin.title")}`,
      campaigns: rows.map((c) => ({
        id: c.id,
        slug: c.slug,
        title: c.title,
        status: c.status,
        window: `${when(c.starts_at)} – ${when(c.ends_at)}`,
        pools: c.pools,
        applied: c.applied,
      })),
    },
    personalPage
  );
}

export const meta: MetaFunction<typeof loader> = ({ data, error }) => [
  { title: pageTitle(data, error) },
];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const { submission } = await readSubmission(request, CampaignCreateSchema);
  if (submission.status !== "success") return rejectSubmission(submission);
  try {
    const contentLanguage = submission.value.contentLanguage ?? "zh-CN";
    const campaign = await createCampaign(db(), {
      adminId: admin.id,
      ...submission.value,
      contentLanguage,
      translations: translationsFrom("campaign", submission.value, contentLanguage),
    });
    return redirectWithToast(`/admin/campaigns/${campaign.id}`, {
      type: "success",
      key: "campaignAdmin.created",
    });
  } catch (error) {
    if (error instanceof CampaignRefused && error.reason === "slugTaken")
      return rejectSubmission(submission, {
        fieldErrors: { slug: ["campaignAdmin.problem.slugTaken"] },
        status: 409,
      });
    throw error;
  }
}

export default function AdminCampaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  const lastResult = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useValidatedForm(
    CampaignCreateSchema,
    lastResult as SubmissionResult<string[]> | undefined,
    { id: "new-campaign" }
  );
  const [language, setLanguage] = useContentLanguage(
    typeof fields.contentLanguage.initialValue === "string" ? fields.contentLanguage.initialValue : null
  );
  const err = (errors: string[] | undefined) => translateErrors(t, errors);
  const initial = (value: unknown) =>
    typeof value === "string" ? value : undefined;
  const errorCount = Object.values(fields).filter(
    (f) => f.errors?.length
  ).length;
  return (
    <section aria-labelledby="campaigns-title">
      <h1 id="campaigns-title">{t("campaignAdmin.title")}</h1>
      <p>
        <Link to="/admin/matches">{t("campaignAdmin.held")} →</Link>
      </p>
      <h2>{t("campaignAdmin.list")}</h2>
      {campaigns.length === 0 ? (
        <p className="muted">{t("campaignAdmin.none")}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{t("campaignAdmin.titleLabel")}</th>
                <th scope="col">{t("receipt.status")}</th>
                <th scope="col">{t("campaignAdmin.pools")}</th>
                <th scope="col">{t("campaignAdmin.applications")}</th>
              </tr>
            </thead>
            <tbody>
              {campaigns.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/admin/campaigns/${c.id}`}>{c.title}</Link>
                    <br />
                    <span className="small muted">
                      /campaigns/{c.slug} · {c.window}
                    </span>
                  </td>
                  <td>{t(`campaignAdmin.status.${c.status}`)}</td>
                  <td>{c.pools}</td>
                  <td>{c.applied}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2 id="new-campaign-title">{t("campaignAdmin.newTitle")}</h2>
      <Form
        method="post"
        id={form.id}
        onSubmit={form.onSubmit}
        noValidate
        aria-labelledby="new-campaign-title"
      >
        <FormErrorSummary count={errorCount} />
        <ContentLanguageChoice
          value={language}
          onChange={setLanguage}
          errors={err(fields.contentLanguage.errors)}
        />
        <BilingualColumns
          contentLanguage={language}
          original={
            <Field
              label={t("campaignAdmin.titleLabel")}
              name={fields.title.name}
              defaultValue={initial(fields.title.initialValue)}
              maxLength={120}
              errors={err(fields.title.errors)}
            />
          }
          translation={
            <Field
              label={inOther(t("campaignAdmin.titleLabel"), language)}
              name={fields.translatedTitle.name}
              defaultValue={initial(fields.translatedTitle.initialValue)}
              maxLength={120}
              errors={err(fields.translatedTitle.errors)}
            />
          }
        />
        <Field
          label={t("campaignAdmin.slug")}
          hint={t("campaignAdmin.slugHint")}
          name={fields.slug.name}
          defaultValue={initial(fields.slug.initialValue)}
          maxLength={60}
          errors={err(fields.slug.errors)}
        />
        <Field
          label={t("campaignAdmin.startsAt")}
          type="datetime-local"
          name={fields.startsAt.name}
          defaultValue={initial(fields.startsAt.initialValue)}
          errors={err(fields.startsAt.errors)}
        />
        <Field
          label={t("campaignAdmin.endsAt")}
          type="datetime-local"
          name={fields.endsAt.name}
          defaultValue={initial(fields.endsAt.initialValue)}
          errors={err(fields.endsAt.errors)}
        />
        <Button type="submit">{t("campaignAdmin.create")}</Button>
      </Form>
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
