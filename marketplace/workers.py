"""`marketplace worker` and `marketplace scheduler`: the processes that run background jobs (core.jobs)."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext

from core import jobs
from core.db import utcnow


@click.command("worker", help="Chạy các việc nền trong hàng đợi Redis (REDIS_URL).")
@click.option("--burst", is_flag=True, help="Làm hết việc đang chờ rồi dừng.")
@with_appcontext
def worker(burst: bool) -> None:
    app = current_app._get_current_object()
    queue = jobs.queue_for(app)
    if queue is None:
        raise click.ClickException("Chưa đặt REDIS_URL: các việc nền chạy ngay trong tiến trình web, "
                                   "không cần worker.")
    jobs.bind_worker_app(app)
    _worker_class()([queue], connection=queue.connection).work(burst=burst, with_scheduler=False)


def _worker_class():
    from rq import SimpleWorker

    class Worker(SimpleWorker):
        """SimpleWorker runs each job in this process: no fork, so the database pool is never shared
        between processes (run more `marketplace worker` processes for more throughput). Its command
        channel is polled every second instead of every minute: stopping a worker (a deploy, the end of
        a --burst) then takes a second, not up to a minute."""

        def subscribe(self):
            self.pubsub = self.connection.pubsub()
            self.pubsub.subscribe(**{self.pubsub_channel_name: self.handle_payload})
            self.pubsub_thread = self.pubsub.run_in_thread(
                sleep_time=1, daemon=True, exception_handler=self._pubsub_exception_handler)

    return Worker


@click.command("scheduler", help="Chạy các việc định kỳ (gửi lại thư, thư tổng hợp hằng ngày...).")
@click.option("--once", is_flag=True, help="Chạy mỗi việc định kỳ một lần ngay bây giờ rồi dừng.")
@with_appcontext
def scheduler(once: bool) -> None:
    app = current_app._get_current_object()
    if once:
        for name in sorted(jobs.SCHEDULES):
            _tick(name)
        return
    queue = jobs.queue_for(app)
    if queue is not None:
        cron_scheduler(queue).start()
        return
    _run_inline_schedules()


def cron_scheduler(queue):
    """RQ's cron scheduler with every schedule (core.jobs.SCHEDULES): when one is due it puts a tick
    (`jobs.run_scheduled`) in the queue, and a worker runs it; keyed periods make two schedulers harmless."""
    from rq.cron import CronScheduler

    cron = CronScheduler(connection=queue.connection, name=f"marketplace-{utcnow():%Y%m%d%H%M%S}")
    for entry in jobs.SCHEDULES.values():
        cron.register(jobs.run_scheduled, queue_name=queue.name, args=(entry.job,), cron=entry.cron,
                      name=entry.job)
    return cron


def _tick(name: str) -> None:
    click.echo(f"{utcnow():%Y-%m-%d %H:%M:%S} {name}")
    try:
        jobs.run_scheduled(name)
    except Exception as exc:  # one failed run must not stop the timetable; the job is tried next tick
        click.echo(f"  lỗi: {exc}", err=True)


def _run_inline_schedules() -> None:
    """Without Redis: the same timetable, each job run in this process when due."""
    from croniter import croniter

    upcoming = {name: croniter(entry.cron, utcnow()).get_next(type(utcnow()))
                for name, entry in jobs.SCHEDULES.items()}
    while True:
        now = utcnow()
        for name, due in sorted(upcoming.items()):
            if due <= now:
                _tick(name)
                upcoming[name] = croniter(jobs.SCHEDULES[name].cron, now).get_next(type(now))
        time.sleep(max(1.0, min((d - utcnow()).total_seconds() for d in upcoming.values())))
