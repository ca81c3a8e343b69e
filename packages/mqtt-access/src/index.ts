/** MQTT identities and topic rights (work in progress). */
export {};
