// `npm start`: the whole app on its embedded defaults (local D1, demo data, LIFF mock), no LINE channel.
import { startLocalServer } from './local-server.ts';

const port = Number(process.env.PORT ?? 8787);
console.log('Kengen: building the app, applying D1 migrations, starting the Worker…');
const server = await startLocalServer({ port, inheritOutput: true });
console.log(`\nKengen is running at ${server.url.replace('127.0.0.1', 'localhost')}  (Ctrl+C to stop)\n`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
