export type {
  Broker,
  BrokerOrder,
  BrokerReport,
  FillReport,
  SendResult,
  VenueOrder,
  VenueSnapshot,
} from './Broker.js';
export type { DtcBrokerOptions, DtcInstrument, DtcReconciler } from './DtcBroker.js';
export { DtcBroker } from './DtcBroker.js';
export type { PaperBrokerOptions } from './PaperBroker.js';
export { PaperBroker } from './PaperBroker.js';
