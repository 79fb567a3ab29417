/**
 * How the virtual broker plays the server's side of MQTT 5 enhanced authentication
 * [MQTT-4.12], scripted by a test.
 */

/** One step of an exchange, as the broker's script sees it. */
export interface VirtualAuthStep {
  clientId: string;
  /** False for the exchange of a CONNECT, true for a re-authentication (AUTH 0x19). */
  reauthentication: boolean;
  /** The method the client named. */
  authenticationMethod: string;
  /** The data of the client's CONNECT or AUTH, when it sent some. */
  authenticationData?: Uint8Array;
  /** 1 for the CONNECT (or the AUTH 0x19), then 2, 3, ... for each answer to a challenge. */
  step: number;
}

/**
 * The broker's answer to one step: a challenge (AUTH 0x18 with `challenge` as its data),
 * success (the CONNACK, or AUTH 0x00 for a re-authentication, with `authenticationData`
 * when given) or a refusal (a CONNACK with that reason code, or DISCONNECT with it for a
 * re-authentication; then the connection closes).
 */
export type VirtualAuthAnswer =
  | { challenge: Uint8Array }
  | { success: true; authenticationData?: Uint8Array }
  | { refuse: number };

/** The script of `VirtualBroker.authenticate`: one answer per step. */
export type VirtualAuthScript = (step: VirtualAuthStep) => VirtualAuthAnswer;
