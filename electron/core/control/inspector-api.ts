// The control API's Inspector-parity methods (issue 23): resource templates, completion, the UI's
// own resource subscriptions (updates pushed as `resourceUpdated` events) and a child's side of
// `initialize`. Built on the same narrow core operations as the rest of control-api.ts.
import type { ControlApi } from '../../../shared/contract.js';
import type { Result } from '../../../shared/errors.js';
import type { ControlCore, ResourceSubscriber } from './control-core.js';

type Wrapped<T> = Promise<Result<T>>;
type Runners = {
  run: <T>(fn: () => Promise<T> | T) => Wrapped<T>;
  mcp: <T>(fn: () => Promise<T>) => Wrapped<T>;
};
export type InspectorApi = Pick<
  ControlApi,
  'listResourceTemplates' | 'complete' | 'subscribeResource' | 'unsubscribeResource' | 'getServerInfo'
>;

export function createInspectorApi(core: ControlCore, { run, mcp }: Runners): InspectorApi {
  // One subscriber for every window of the UI: the gateway keeps one upstream subscription per
  // (child, URI) however many subscribers it has, and the events reach every window anyway.
  const ui: ResourceSubscriber = {
    transport: true,
    sendResourceUpdated: async ({ uri }) => core.emit('resourceUpdated', { uri }),
  };
  return {
    listResourceTemplates: () =>
      mcp(async () =>
        (await core.mcp().listResourceTemplates()).map(({ uriTemplate, name, title, description, mimeType }) => ({
          uriTemplate,
          name,
          ...(title !== undefined ? { title } : {}),
          ...(description !== undefined ? { description } : {}),
          ...(mimeType !== undefined ? { mimeType } : {}),
        })),
      ),
    complete: (ref, argument, context) =>
      mcp(async () => {
        const params = { ref, argument, ...(context ? { context: { arguments: context } } : {}) };
        const { completion } = await core.mcp().complete(params);
        return {
          values: completion.values,
          ...(completion.total !== undefined ? { total: completion.total } : {}),
          ...(completion.hasMore !== undefined ? { hasMore: completion.hasMore } : {}),
        };
      }),
    subscribeResource: (uri) => mcp(async () => (await core.mcp().subscribe(ui, uri), null)),
    unsubscribeResource: (uri) => mcp(async () => (await core.mcp().unsubscribe(ui, uri), null)),
    getServerInfo: (id) => run(() => core.redactor.redactDeep(core.serverInfo(id), { byFieldName: false })),
  };
}
