import { describe, expect, it } from 'vitest';
import { isTyping } from './use-shortcuts';

describe('isTyping', () => {
  it('leaves keys typed into text fields to them, and treats checkboxes and buttons as part of the page', () => {
    const element = (html: string) => {
      const host = document.createElement('div');
      host.innerHTML = html;
      return host.firstElementChild;
    };
    expect(['<input>', '<input type="search">', '<textarea></textarea>', '<select></select>'].map((html) => isTyping(element(html)))).toEqual([true, true, true, true]);
    expect(['<input type="checkbox">', '<input type="radio">', '<button>x</button>', '<article tabindex="-1"></article>'].map((html) => isTyping(element(html)))).toEqual([false, false, false, false]);
    expect(isTyping(null)).toBe(false);
  });
});
