/** Where corrections live, relative to the data folder. */
export const CORRECTIONS_FILE = "corrections.jsonl";
