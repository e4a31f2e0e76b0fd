import { createRule } from './define-rule';
import { formatDuration } from '../format';

export default createRule({
  id: 'implicit-timeout',
  meta: {
    description: 'Reports model calls bounded only by an SDK default timeout, with the worst-case latency it allows.',
    facet: 'timeout',
    defaultSeverity: 'info',
    messages: {
      sdkDefaultTimeout: 'Implicit timeout: {{perAttempt}} ({{label}})',
      sdkDefaultTimeoutRetried: 'Implicit timeout: {{perAttempt}}/attempt, about {{worstCase}} worst case',
      sdkDefaultTimeoutUnbounded: 'Implicit timeout: {{perAttempt}}/attempt, attempts unlimited',
      sdkDefaultTimeoutUnknownAttempts: 'Implicit timeout: {{perAttempt}}/attempt, attempts read at run time',
    },
    implicitLabels: {
      sdkDefaultTimeout: '{{perAttempt}} timeout',
      sdkDefaultTimeoutRetried: '{{perAttempt}}/attempt',
      sdkDefaultTimeoutUnbounded: '{{perAttempt}}/attempt',
      sdkDefaultTimeoutUnknownAttempts: '{{perAttempt}}/attempt',
    },
  },
  checkCall(profile, context) {
    const { timeout, retry } = profile;
    if (timeout.source !== 'sdk-default' || timeout.ms === undefined) return;
    // A default that stops once the stream starts bounds little: missing-timeout reports that stream.
    if (profile.call.streaming && timeout.coversStream === false) return;
    const perAttempt = formatDuration(timeout.ms);
    const label = timeout.label ?? 'SDK default';
    const attempts = retry.worstCaseAttempts;
    if (attempts === 'unbounded') {
      context.report({ messageId: 'sdkDefaultTimeoutUnbounded', data: { perAttempt, label } });
    } else if (attempts === 'unknown') {
      context.report({ messageId: 'sdkDefaultTimeoutUnknownAttempts', data: { perAttempt, label } });
    } else if (attempts <= 1) {
      context.report({ messageId: 'sdkDefaultTimeout', data: { perAttempt, label } });
    } else {
      // The facet's worst case includes backoff between attempts when it knows it.
      const worstCaseMs = typeof timeout.worstCaseMs === 'number' ? timeout.worstCaseMs : timeout.ms * attempts;
      context.report({
        messageId: 'sdkDefaultTimeoutRetried',
        data: { perAttempt, label, attempts, worstCase: formatDuration(worstCaseMs) },
      });
    }
  },
});
