/** Response bodies in tests are read loosely; the assertions state their shape. */
// biome-ignore lint/suspicious/noExplicitAny: assertions check the shape of what the API returned
export type Json = any;

export const readJson = async (response: Response): Promise<Json> => response.json();
