/** Tables owned by the built-in sandbox gateway (a stand-in third party: it shares nothing with our own tables). */
export interface SandboxGatewayTables {}
