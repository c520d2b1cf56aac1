// The service's user and collection. The mongo image runs this with mongosh, as the root
// user, when it initialises an empty data directory. Running it again changes nothing;
// to apply it to an existing volume:
//   docker compose exec mongo sh -c 'mongosh -u "$MONGO_INITDB_ROOT_USERNAME" \
//     -p "$MONGO_INITDB_ROOT_PASSWORD" --authenticationDatabase admin \
//     /docker-entrypoint-initdb.d/mongo-init.js'
const dbName = 'test';
const userName = 'test_user';
const password = 'test_password';
const collectionName = 'inventory';

const target = db.getSiblingDB(dbName);
const roles = [{ role: 'readWrite', db: dbName }];

if (target.getUser(userName) === null) {
  target.createUser({ user: userName, pwd: password, roles: roles });
  print(`created user ${userName} on ${dbName}`);
} else {
  target.updateUser(userName, { pwd: password, roles: roles });
  print(`updated user ${userName} on ${dbName}`);
}

if (target.getCollectionNames().includes(collectionName)) {
  print(`collection ${dbName}.${collectionName} exists`);
} else {
  target.createCollection(collectionName);
  print(`created collection ${dbName}.${collectionName}`);
}
