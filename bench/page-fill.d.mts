/** The iotId of synthetic device `n`. */
export function syntheticIotId(n: number): string;
/** Places `perDevice` orders on each of the first `devices` synthetic devices; resolves to the number placed. */
export function fillForPage(url: string, options?: { devices?: number; perDevice?: number; concurrency?: number }): Promise<number>;
