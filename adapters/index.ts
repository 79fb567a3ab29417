/** Transport adapters of rxmqtt, one per file. */
export {};
