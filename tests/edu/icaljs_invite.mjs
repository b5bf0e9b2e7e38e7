// How ical.js (Thunderbird, Nextcloud) reads an iTIP invitation: its METHOD, and each
// VEVENT's UID and SEQUENCE, as JSON.
// usage: node icaljs_invite.mjs DIR_WITH_NODE_MODULES FILE.ics
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const [modules, file] = process.argv.slice(2);
const ICAL = createRequire(path.join(modules, "package.json"))("ical.js");
const root = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
console.log(JSON.stringify({
  method: root.getFirstPropertyValue("method"),
  events: root.getAllSubcomponents("vevent").map((e) => ({
    uid: e.getFirstPropertyValue("uid"),
    sequence: e.getFirstPropertyValue("sequence"),
  })),
}));
