/** The part of a pino logger delivery uses; details first, then one line of message. */
export interface DeliveryLog {
  info(details: Record<string, unknown>, message: string): void;
  warn(details: Record<string, unknown>, message: string): void;
  error(details: Record<string, unknown>, message: string): void;
}
