// Disagreements with Helm that are accepted, each with its reason. Keep this list short: a case here is a known
// difference a chart author could meet.
export const EXCEPTIONS: Record<string, string> = {};
