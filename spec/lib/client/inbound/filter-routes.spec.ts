import type { Subscription } from 'rxjs';
import { FilterRoutes, RoutedFilter } from '../../../../lib/client/inbound/filter-routes';
import { matchingFilter } from '../../../../lib/codec/shared-subscription';
import { Multicast } from '../../../../lib/client/shared/multicast';
import type { MqttMessage } from '../../../../lib/client/types';

interface Named extends RoutedFilter {
  filter: string;
}

function message(topic: string, subscriptionIdentifier?: number | number[]): MqttMessage {
  const m: MqttMessage = { topic, payload: new Uint8Array(0), qos: 0, retain: false, dup: false };
  if (subscriptionIdentifier !== undefined) m.properties = { subscriptionIdentifier };
  return m;
}

/** Routes for `filters`, each observed; `log` gets "filter topic" for every delivery, in order. */
function routesOf(filters: string[]): { routes: FilterRoutes; byFilter: { [filter: string]: Named }; log: string[]; observers: { [filter: string]: Subscription } } {
  const routes = new FilterRoutes();
  const byFilter: { [filter: string]: Named } = {};
  const observers: { [filter: string]: Subscription } = {};
  const log: string[] = [];
  for (const filter of filters) {
    const entry: Named = { filter, route: matchingFilter(filter), sameRoute: null, subject: new Multicast<MqttMessage>(), id: routes.nextId() };
    observers[filter] = entry.subject.subscribe((m) => log.push(filter + ' ' + m.topic));
    byFilter[filter] = entry;
    routes.add(entry);
  }
  return { routes, byFilter, log, observers };
}

describe('FilterRoutes', () => {
  it('gives every matching filter its copy, shared filters included', () => {
    const { routes, log } = routesOf(['a/+', 'a/b', '$share/g/a/b', '#', 'c']);
    expect(routes.dispatch(message('a/b'))).toBe(true);
    expect(log.sort()).toEqual(['# a/b', '$share/g/a/b a/b', 'a/+ a/b', 'a/b a/b']);
  });

  it('keeps filters that route alike in the order they came, and the rest of the chain when one goes', () => {
    const { routes, byFilter, log } = routesOf(['a', '$share/g/a', '$share/h/a']);
    routes.dispatch(message('a'));
    expect(log.splice(0)).toEqual(['a a', '$share/g/a a', '$share/h/a a']);
    routes.remove(byFilter['$share/g/a']); // the middle one
    routes.dispatch(message('a'));
    expect(log.splice(0)).toEqual(['a a', '$share/h/a a']);
    routes.remove(byFilter.a); // the first one: the router now holds the next
    routes.dispatch(message('a'));
    expect(log.splice(0)).toEqual(['$share/h/a a']);
    routes.remove(byFilter['$share/h/a']);
    expect(routes.dispatch(message('a'))).toBe(false);
    expect(log).toEqual([]);
  });

  it('still reaches the rest of a route when an observer leaves while it is called', () => {
    const { routes, byFilter, log, observers } = routesOf(['a', '$share/g/a', '$share/h/a']);
    byFilter.a.subject.subscribe(() => {
      observers['$share/g/a'].unsubscribe();
      routes.remove(byFilter['$share/g/a']);
    });
    routes.dispatch(message('a'));
    expect(log).toEqual(['a a', '$share/h/a a']);
  });

  it('is false when no observer took the message, though a filter matched', () => {
    const { routes, observers } = routesOf(['a/#']);
    observers['a/#'].unsubscribe();
    expect(routes.dispatch(message('a/b'))).toBe(false);
    expect(routes.dispatch(message('b'))).toBe(false);
  });

  it('MQTT 5: delivers to the filters the Subscription Identifiers name, by topic when one is not ours or does not match', () => {
    const { routes, byFilter, log } = routesOf(['a/+', 'a/b', '#']);
    routes.dispatch(message('a/b', byFilter['a/b'].id));
    expect(log.splice(0)).toEqual(['a/b a/b']);
    routes.dispatch(message('a/b', [byFilter['a/+'].id, byFilter['#'].id]));
    expect(log.splice(0)).toEqual(['a/+ a/b', '# a/b']);
    routes.dispatch(message('a/b', [byFilter['a/+'].id, 999]));
    expect(log.splice(0).sort()).toEqual(['# a/b', 'a/+ a/b', 'a/b a/b']);
    routes.dispatch(message('x', byFilter['a/b'].id)); // names a/b, which does not match x
    expect(log.splice(0)).toEqual(['# x']);
  });

  it('hands out Subscription Identifiers not in use', () => {
    const { routes, byFilter } = routesOf(['a', 'b', 'c']);
    const ids = ['a', 'b', 'c'].map((f) => byFilter[f].id);
    expect(new Set(ids).size).toBe(3);
    expect(ids.every((id) => id >= 1)).toBe(true);
    routes.remove(byFilter.b);
    expect(ids).not.toContain(routes.nextId());
  });
});
