/**
 * `npm run fleet`: the cluster test's fleet, left running to try by hand — PostgreSQL (a fresh
 * `sunlight_fleet` database with the demo data), two app servers, one worker and Varnish in front
 * (scripts/cluster/fleet.ts). Prints the addresses; Ctrl-C stops everything.
 */
import { startFleet } from './fleet'

const fleet = await startFleet({ database: 'sunlight_fleet', basePort: Number(process.env.FLEET_PORT ?? 4850) })
console.log(`\nVarnish (the site):  ${fleet.varnish}`)
for (const server of fleet.servers) console.log(`app server ${server.name}: ${server.url}`)
console.log(`database:           ${fleet.databaseUrl}`)
console.log(`logs:               ${fleet.dir}\n`)
const stop = () => void fleet.stop().then(() => process.exit(0))
process.on('SIGINT', stop)
process.on('SIGTERM', stop)
await new Promise(() => {})
