import { alipaySettings } from "../alipay/settings"
import { wechatpaySettings } from "../wechatpay/settings"
import { nowpaymentsSettings } from "../nowpayments/settings"
import { btcpaySettings } from "../btcpay/settings"
import { bankTransferSettings } from "../bank-transfer/settings"
import { balanceSettings } from "../balance/settings"
import type { ChannelSpec } from "./types"

/** Every channel this plugin brings, by provider identifier, in the order the settings page lists them. */
export const CHANNELS: ChannelSpec[] = [alipaySettings, wechatpaySettings, nowpaymentsSettings, btcpaySettings, bankTransferSettings, balanceSettings]

export function channelSpec(identifier: string): ChannelSpec | undefined {
  return CHANNELS.find((c) => c.identifier === identifier)
}

export type { ChannelSpec, ChannelDescription, Diagnosis, ChannelMode } from "./types"
export type { Credential } from "./mask"
