import type { DtcSimulatorOptions } from '../DtcSimulatorOptions.js';
import type { DtcJsonFrame } from '../dtcFraming.js';
import type { DtcLogonRequest } from '../dtcMessages.js';
import { DTC_PROTOCOL_VERSION, DtcLogonStatus, DtcMessageType as T } from '../dtcProtocol.js';

/** The simulator's LOGON_RESPONSE to `m`: refused for wrong credentials, else its capabilities. */
export function simLogonResponse(
  options: DtcSimulatorOptions,
  m: DtcLogonRequest,
): { ok: boolean; frame: DtcJsonFrame } {
  const creds = options.credentials;
  const base = {
    Type: T.LOGON_RESPONSE,
    ProtocolVersion: DTC_PROTOCOL_VERSION,
    ServerName: options.serverName ?? 'MinhOS DTC Simulator',
  };
  if (creds !== undefined && (m.Username !== creds.username || m.Password !== creds.password)) {
    return {
      ok: false,
      frame: {
        ...base,
        Result: DtcLogonStatus.LOGON_ERROR_NO_RECONNECT,
        ResultText: 'invalid username or password',
      },
    };
  }
  return {
    ok: true,
    frame: {
      ...base,
      Result: DtcLogonStatus.LOGON_SUCCESS,
      ResultText: 'logged on',
      MarketDepthUpdatesBestBidAndAsk: 0,
      TradingIsSupported: options.tradingSupported === false ? 0 : 1,
      OCOOrdersSupported: 0,
      OrderCancelReplaceSupported: 1,
      SymbolExchangeDelimiter: '',
      SecurityDefinitionsSupported: 0,
      HistoricalPriceDataSupported: 1,
      ResubscribeWhenMarketDataFeedAvailable: 0,
      MarketDepthIsSupported: 0,
      OneHistoricalPriceDataRequestPerConnection: options.historicalMode === 'sierra' ? 1 : 0,
      BracketOrdersSupported: 0,
      UsesMultiplePositionsPerSymbolAndTradeAccount: 0,
      MarketDataSupported: 1,
    },
  };
}
