import { promises as fs } from "node:fs";
import path from "node:path";

/**
 * A browser's "Webpage, Complete" save writes `<name>.html` and a `<name>_files/` folder of images
 * and styles. Once the page has moved to done/ or failed/ (as `movedTo`, perhaps renamed
 * "name (2).html"), the folder follows it under the matching name (`folderOf` is the format's
 * companion rule). It never replaces anything; a folder that cannot move stays in the inbox,
 * where it is ignored.
 */
export async function moveCompanionFolder(inbox: string, name: string, movedTo: string, folderOf: (fileName: string) => string): Promise<string | null> {
  const folder = path.join(inbox, folderOf(name));
  const stat = await fs.lstat(folder).catch(() => null);
  if (!stat?.isDirectory()) return null;
  const target = path.join(path.dirname(movedTo), folderOf(path.basename(movedTo)));
  if (
    await fs.lstat(target).then(
      () => true,
      () => false,
    )
  )
    throw new Error(`${path.basename(target)} already exists beside it`);
  await fs.rename(folder, target);
  return target;
}
