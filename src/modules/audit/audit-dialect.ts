import { CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult, type TransactionSettings } from 'kysely';
import { newId } from '../../shared/ids.ts';
import { currentAuditActor, type AuditActor } from './audit.context.ts';

/**
 * Wraps a dialect so that what an audited request (audit.context.ts) writes is audited: a transaction
 * begun during the request switches the capture triggers on for itself only (`set_config(…, true)`),
 * and just before COMMIT its staged changes are folded into one audit_log row — in the same
 * transaction, so the write and its audit row commit together or not at all. A write the request
 * makes outside any transaction gets a transaction of its own, audited the same way.
 */
export function auditingDialect(inner: Dialect): Dialect {
  return {
    createAdapter: () => inner.createAdapter(),
    createDriver: () => new AuditingDriver(inner.createDriver()),
    createQueryCompiler: () => inner.createQueryCompiler(),
    createIntrospector: (db) => inner.createIntrospector(db),
  };
}

/** Rows that belong to another row (lines, counters, parcel contents): never the target while their parent changed too. */
const DETAIL_TABLES = ['order_line', 'fulfilment_line', 'shipment_line', 'tracking_event', 'pickup_code', 'sku', 'after_sales_message', 'complaint_message', 'qualification_document'];

const SWITCH_ON = CompiledQuery.raw(`select set_config('jishi.audit', 'on', true)`);
const WRITE_NODES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

function isWrite(query: CompiledQuery): boolean {
  return WRITE_NODES.has(query.query.kind) || (query.query.kind === 'RawNode' && /^\s*(insert|update|delete|merge|with)\b/i.test(query.sql));
}

function foldQuery(actor: AuditActor): CompiledQuery {
  return CompiledQuery.raw(
    `with c as (delete from audit_change where txid = txid_current() returning *),
          target as (select * from c order by table_name = any($10::text[]), (op = 'update') desc, seq limit 1)
     insert into audit_log (id, at, actor_id, actor_roles, console, shop_id, action, target_type, target_id, before, after, changes, request_id, ip)
     select $1, $2, $3, $4, $5, coalesce($6, (select coalesce(after, before)->>'shop_id' from target)), $7,
            (select table_name from target), (select row_id from target), (select before from target), (select after from target),
            jsonb_agg(jsonb_build_object('table', table_name, 'op', op, 'id', row_id, 'before', before, 'after', after) order by seq), $8, $9
     from c having count(*) > 0`,
    [newId('aud'), actor.at, actor.actorId, actor.roles, actor.console, actor.shopId, actor.action, actor.requestId, actor.ip, DETAIL_TABLES],
  );
}

/** A connection that knows whether it is in a transaction, and which audited request opened it. */
class AuditedConnection implements DatabaseConnection {
  inTransaction = false;
  actor: AuditActor | undefined;
  constructor(readonly inner: DatabaseConnection) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const actor = this.inTransaction ? undefined : currentAuditActor();
    if (!actor || !isWrite(query)) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(CompiledQuery.raw('begin'));
    try {
      await this.inner.executeQuery(SWITCH_ON);
      const result = await this.inner.executeQuery<R>(query);
      await this.inner.executeQuery(foldQuery(actor));
      await this.inner.executeQuery(CompiledQuery.raw('commit'));
      return result;
    } catch (error) {
      await this.inner.executeQuery(CompiledQuery.raw('rollback')).catch(() => undefined);
      throw error;
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

function unwrap(connection: DatabaseConnection): AuditedConnection {
  if (!(connection instanceof AuditedConnection)) throw new Error('connection was not acquired through the auditing driver');
  return connection;
}

class AuditingDriver implements Driver {
  readonly #inner: Driver;

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init() {
    return this.#inner.init();
  }
  async acquireConnection() {
    return new AuditedConnection(await this.#inner.acquireConnection());
  }
  releaseConnection(connection: DatabaseConnection) {
    return this.#inner.releaseConnection(unwrap(connection).inner);
  }
  destroy() {
    return this.#inner.destroy();
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings) {
    const c = unwrap(connection);
    await this.#inner.beginTransaction(c.inner, settings);
    c.inTransaction = true;
    c.actor = currentAuditActor();
    if (c.actor) await c.inner.executeQuery(SWITCH_ON);
  }

  async commitTransaction(connection: DatabaseConnection) {
    const c = unwrap(connection);
    const actor = c.actor;
    c.actor = undefined;
    c.inTransaction = false;
    if (actor) await c.inner.executeQuery(foldQuery(actor));
    await this.#inner.commitTransaction(c.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection) {
    const c = unwrap(connection);
    c.actor = undefined;
    c.inTransaction = false;
    await this.#inner.rollbackTransaction(c.inner);
  }

  savepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['savepoint']>>[2]) {
    return this.#inner.savepoint!(unwrap(connection).inner, name, compile);
  }
  rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['rollbackToSavepoint']>>[2]) {
    return this.#inner.rollbackToSavepoint!(unwrap(connection).inner, name, compile);
  }
  releaseSavepoint(connection: DatabaseConnection, name: string, compile: Parameters<NonNullable<Driver['releaseSavepoint']>>[2]) {
    return this.#inner.releaseSavepoint!(unwrap(connection).inner, name, compile);
  }
}
