import { Client, GatewayIntentBits, Events, MessageFlags } from "discord.js";
import { FakeDiscord, ROUTES } from "../fakes/fake-discord.ts";
const fake = new FakeDiscord();
const { apiUrl } = await fake.start();
const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: apiUrl } });
client.on(Events.InteractionCreate, async (i) => {
  if (i.isChatInputCommand()) {
    if (i.commandName === "slow") { await i.deferReply(); await new Promise(r=>setTimeout(r,300)); await i.editReply({ content: "done" }); await i.followUp({content:"more", flags: MessageFlags.Ephemeral}); return; }
    await i.reply({ content: "hi @everyone " + JSON.stringify(i.options.data), allowedMentions: { parse: [] }, components: [{type:1, components:[{type:2, style:2, label:"Next", custom_id:"x:1"}]}] });
  } else if (i.isAutocomplete()) { await i.respond([{name:"a", value:"a"}]); }
  else if (i.isButton()) { await i.update({ content: "page " + i.customId }); }
});
const ready = new Promise(r => client.once(Events.ClientReady, r));
let t = Date.now();
await client.login(fake.token);
await ready;
console.log("ready in", Date.now()-t, "guilds", client.guilds.cache.size, client.channels.cache.size);
const ex = await fake.slash("hello", { province: "aleppo", days: 7 });
console.log(ex.callback, ex.messages[0].mention_everyone, ex.messages.length);
const ex2 = await fake.slash("slow", {}, { dm: true });
console.log(ex2.callback, ex2.edits, ex2.followups, ex2.messages.map(m=>[m.content,m.flags]));
const ex3 = await fake.autocomplete("brief", { province: "ale" }, "province");
console.log(ex3.callback);
const ex4 = await fake.click(ex.messages[0], "x:1");
console.log(ex4.callback, ex4.messages[0].content);
fake.failNext(ROUTES.callback, { status: 429, body: { message: "You are being rate limited.", retry_after: 0.5, global: false }, headers: { "retry-after": "1", "x-ratelimit-limit": "1", "x-ratelimit-remaining": "0", "x-ratelimit-reset-after": "1", "x-ratelimit-scope": "shared" } });
t = Date.now();
const ex5 = await fake.slash("hello", {});
console.log("429", Date.now()-t, ex5.requests.map(r=>r.status));
await client.destroy();
await fake.close();
await new Promise(r=>setTimeout(r,200)); console.log(process.getActiveResourcesInfo());
