// Link files (.txt, .url, .webloc): one article per link, each page fetched.
import type { InputFormat } from "../../core/format.js";
import { fetchPage, type FetchedPage } from "../fetch-page.js";
import { LINK_FILE_EXTENSIONS } from "../link-file.js";
import { fetchOptions, readLinkFile, readLinks } from "../read-intake.js";

export const linksFormat: InputFormat<FetchedPage[]> = {
  id: "links",
  extensions: LINK_FILE_EXTENSIONS,
  description: "links to fetch",
  helpName: "link files",
  unit: "link",
  read: (file, { limits, intake, prefetched }) => readLinkFile(file.path, file.name, intake, limits, prefetched),
  // The daemon fetches the pages on its main thread's event loop; the worker then only extracts.
  prefetch: {
    enabled: (intake) => intake.fetch,
    async run(file, { limits, intake, slot }) {
      let links: string[];
      try {
        links = readLinks(file.path, file.name, intake, limits).links;
      } catch {
        return [];
      }
      const options = fetchOptions(intake);
      return Promise.all(links.map((link) => slot(() => fetchPage(link, options))));
    },
  },
};
