import { useState } from "react"
import { useMutation } from "@tanstack/react-query"
import { Alert, Badge, Button, Container, Copy, Heading, Text, toast } from "@medusajs/ui"
import { channelApi, type ChannelTest, type PaymentChannel } from "../lib/api"
import { useOmT } from "../lib/i18n"
import { formatMinor } from "../lib/money"

const MODE_COLOR = { production: "green", sandbox: "orange", custom: "purple", "self-hosted": "blue", offline: "grey", internal: "grey" } as const

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-[200px_1fr] items-start gap-x-4 py-1" data-testid={testId}>
      <Text size="small" className="text-ui-fg-subtle">{label}</Text>
      <div className="min-w-0 break-all">{children}</div>
    </div>
  )
}

/** One payment channel on the settings page: state, credentials (masked), callback URL, limits, fees, and a connection test. */
export function ChannelCard({ channel }: { channel: PaymentChannel }) {
  const { t, locale, formatDateTime } = useOmT()
  const [result, setResult] = useState<ChannelTest | null>(null)
  const test = useMutation({
    mutationFn: (id: string) => channelApi.test(id),
    onSuccess: (r) => setResult(r),
    onError: (e: Error) => toast.error(e.message),
  })
  const testId = `om-channel-${channel.identifier}`
  if (!channel.configured) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4" data-testid={testId}>
        <div className="flex items-center gap-x-2">
          <Heading level="h2">{channel.label}</Heading>
          <Badge size="2xsmall" color="grey" data-testid="om-channel-state">{t("channels.notConfigured")}</Badge>
        </div>
        <Text size="small" className="text-ui-fg-subtle">{t("channels.toConfigure", { options: channel.required_options.join(", ") })}</Text>
      </Container>
    )
  }
  const c = channel
  return (
    <Container className="divide-y p-0" data-testid={testId}>
      <div className="flex flex-wrap items-center justify-between gap-2 px-6 py-4">
        <div className="flex flex-wrap items-center gap-x-2">
          <Heading level="h2">{c.label}</Heading>
          <Badge size="2xsmall" color="green" data-testid="om-channel-state">{t("channels.configured")}</Badge>
          <Badge size="2xsmall" color={MODE_COLOR[c.mode]} data-testid="om-channel-mode">{t(`channels.modes.${c.mode}`)}</Badge>
          {!c.enabled && <Badge size="2xsmall" color="red">{t("channels.disabled")}</Badge>}
          <Text size="xsmall" className="text-ui-fg-subtle">{c.provider_id}</Text>
        </div>
        <Button size="small" variant="secondary" isLoading={test.isPending} onClick={() => test.mutate(c.provider_id)} data-testid="om-channel-test">
          {t("channels.test")}
        </Button>
      </div>
      {result && (
        <div className="px-6 py-4">
          <Alert variant={result.ok ? "success" : "error"} data-testid="om-channel-test-result" data-ok={String(result.ok)}>
            <Text size="small" weight="plus">{result.summary}</Text>
            {result.details.map((d, i) => <Text key={i} size="xsmall">{d}</Text>)}
            <Text size="xsmall" className="text-ui-fg-subtle">{t("channels.checked", { time: formatDateTime(result.checked_at), ms: result.duration_ms })}</Text>
          </Alert>
        </div>
      )}
      <div className="flex flex-col px-6 py-4">
        {c.endpoint && <Row label={t("channels.endpoint")}><Text size="small">{c.endpoint}</Text></Row>}
        {c.callback_url && (
          <Row label={c.callback_registered_at_platform ? t("channels.callbackRegister") : t("channels.callback")} testId="om-channel-callback">
            <div className="flex items-center gap-x-1">
              <Text size="small" className="font-mono">{c.callback_url}</Text>
              <Copy content={c.callback_url} />
            </div>
            {c.configured_callback_url && c.callback_path_matches === false && (
              <Text size="xsmall" className="text-ui-fg-error">{t("channels.callbackMismatch", { configured: c.configured_callback_url })}</Text>
            )}
          </Row>
        )}
        {c.credentials.map((cr) => (
          <Row key={cr.name} label={cr.name} testId="om-channel-credential">
            <Text size="small" className="font-mono">{cr.value ?? t("channels.notSet")}</Text>
            {cr.note && <Text size="xsmall" className="text-ui-fg-error">{cr.note}</Text>}
          </Row>
        ))}
        {c.settings.map((s) => (
          <Row key={s.name} label={s.name}><Text size="small">{s.value}</Text></Row>
        ))}
      </div>
      <div className="flex flex-col px-6 py-4">
        <Row label={t("channels.regions")}>
          <Text size="small">{c.regions.length ? c.regions.map((r) => `${r.name} (${r.currency_code.toUpperCase()})`).join(", ") : t("channels.noRegion")}</Text>
        </Row>
        <Row label={t("channels.limits")} testId="om-channel-limits">
          <Text size="small">
            {Object.keys(c.limits).length
              ? Object.entries(c.limits).map(([cur, l]) => `${cur.toUpperCase()}: ${l.min !== undefined ? formatMinor(l.min, cur, locale) : "—"} – ${l.max !== undefined ? formatMinor(l.max, cur, locale) : "—"}`).join("; ")
              : t("channels.noLimits")}
          </Text>
        </Row>
        <Row label={t("channels.fee")} testId="om-channel-fee">
          <Text size="small">
            {c.fee
              ? t("channels.feeValue", { rate: ((c.fee.rateBps ?? 0) / 100).toFixed(2), fixed: c.fee.fixedMinor ?? 0, bearer: t(`channels.bearer.${c.fee.bearer ?? "merchant"}`) })
              : t("channels.noFee")}
          </Text>
        </Row>
        <Row label={t("channels.review")}><Text size="small">{c.manual_review ? t("channels.manualReview") : t("channels.autoReview")}</Text></Row>
        <Row label={t("channels.unpaidTimeout")}><Text size="small">{t("channels.minutes", { count: c.unpaid_timeout_minutes })}</Text></Row>
        {c.payment_window_minutes != null && (
          <Row label={t("channels.paymentWindow")}><Text size="small">{t("channels.minutes", { count: c.payment_window_minutes })}</Text></Row>
        )}
        {!!c.recent_errors?.length && (
          <div className="flex flex-col gap-y-1" data-testid="om-channel-errors">
            <Text size="small" weight="plus">{t("channels.recentErrors.title")}</Text>
            {c.recent_errors.map((e, i) => (
              <div key={i} className="flex flex-col" data-testid="om-channel-error">
                <Text size="xsmall">
                  {formatDateTime(e.at)} · {e.operation ?? ""} · {t(`channels.failure.${e.failure ?? "unknown"}`, { defaultValue: e.failure ?? "" })}
                  {e.platform_code ? ` · ${e.platform_code}` : ""}{e.http_status ? ` · HTTP ${e.http_status}` : ""}
                  {" · "}{t(e.retryable ? "channels.recentErrors.retryable" : "channels.recentErrors.refused")}
                </Text>
                {e.key_serial && <Text size="xsmall" className="text-ui-fg-error">{t("channels.unknownSerial", { serial: e.key_serial })}</Text>}
                <Text size="xsmall" className="text-ui-fg-subtle break-all">{e.message}</Text>
              </div>
            ))}
          </div>
        )}
        {c.window_warning && c.payment_window_minutes != null && (
          <Text size="small" className="text-ui-fg-error" data-testid="om-channel-window-warning">
            {t("channels.windowWarning", { window: c.payment_window_minutes, timeout: c.unpaid_timeout_minutes })}
          </Text>
        )}
      </div>
    </Container>
  )
}
