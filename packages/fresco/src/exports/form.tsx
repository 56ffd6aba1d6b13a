'use client'
// <Form> (next/form): a <form> that, given a URL as `action`, submits as a client navigation to
// that URL with the fields as its query string (a search form), and prefetches it when visible.
// Without JavaScript, or with a function as `action`, it is a plain form: the browser does a GET
// navigation, or React runs the Server Action.
import { type FormHTMLAttributes, type Ref, type SubmitEvent, useCallback, useEffect, useRef } from 'react'
import { routerActions } from '../runtime/client/router-store.js'
import { observeVisible } from '../runtime/client/viewport.js'

export interface FormProps extends Omit<FormHTMLAttributes<HTMLFormElement>, 'action'> {
  action: string | ((formData: FormData) => void | Promise<void>)
  /** Replace the current history entry instead of pushing one (URL actions only). */
  replace?: boolean
  /** false: keep the scroll position after the navigation (URL actions only). */
  scroll?: boolean
  /** false: do not prefetch the action URL when the form becomes visible. */
  prefetch?: false | null
  ref?: Ref<HTMLFormElement>
}

/** The submitter overrides what the form would do (another action, method, target): the browser's job. */
function submitterOverrides(submitter: HTMLElement | null): boolean {
  if (!submitter) return false
  return ['formaction', 'formmethod', 'formenctype', 'formtarget'].some((a) => submitter.hasAttribute(a))
}

/** `/search` + the form's fields → `/search?q=…` (files cannot go in a URL and are left out). */
function targetUrl(action: string, form: HTMLFormElement, submitter: HTMLElement | null): URL {
  const url = new URL(action, window.location.href)
  url.search = ''
  for (const [name, value] of new FormData(form, submitter)) {
    if (typeof value === 'string') url.searchParams.append(name, value)
  }
  return url
}

export default function Form({ action, replace, scroll, prefetch, onSubmit, ref, ...rest }: FormProps) {
  const element = useRef<HTMLFormElement | null>(null)
  const mergedRef = useCallback(
    (el: HTMLFormElement | null) => {
      element.current = el
      if (typeof ref === 'function') ref(el)
      else if (ref) ref.current = el
    },
    [ref],
  )

  useEffect(() => {
    const el = element.current
    if (typeof action !== 'string' || prefetch === false || !el) return
    return observeVisible(el, () => routerActions()?.prefetch(action, 'auto'))
  }, [action, prefetch])

  if (typeof action !== 'string')
    return <form {...rest} ref={mergedRef} action={action} onSubmit={onSubmit} />

  const handleSubmit = (e: SubmitEvent<HTMLFormElement>) => {
    onSubmit?.(e)
    const actions = routerActions()
    const submitter = e.submitter
    if (e.defaultPrevented || !actions || submitterOverrides(submitter)) return
    const url = targetUrl(action, e.currentTarget, submitter)
    if (url.origin !== window.location.origin) return
    e.preventDefault()
    void actions.navigate(url.href, { replace, scroll })
  }
  return <form {...rest} ref={mergedRef} action={action} onSubmit={handleSubmit} />
}
